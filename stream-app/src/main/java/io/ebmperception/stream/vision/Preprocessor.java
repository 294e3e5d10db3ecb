package io.ebmperception.stream.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.ebmperception.schemas.bundle.Manifest;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns a decoded image into the model's input as the manifest prescribes: resized (OpenCV, area
 * interpolation) to the input's height and width, then per channel
 * {@code (value · scale − mean[c]) / std[c]}, laid out channels-first ({@code chw-rgb}).
 */
public final class Preprocessor {
  private final int channels;
  private final int height;
  private final int width;
  private final float scale;
  private final float[] mean;
  private final float[] std;

  public Preprocessor(Manifest.InputSpec input) {
    long[] shape = input.shape();
    if (!"chw-rgb".equals(input.layout()) || shape.length != 3 || shape[0] != 3) {
      throw new IllegalArgumentException("the model's input is " + input.layout() + " "
          + java.util.Arrays.toString(shape) + "; camera frames need a chw-rgb model of shape [3, H, W]");
    }
    channels = 3;
    height = (int) shape[1];
    width = (int) shape[2];
    scale = input.scale();
    mean = input.mean().length == 0 ? new float[] {0f, 0f, 0f} : input.mean();
    std = input.std().length == 0 ? new float[] {1f, 1f, 1f} : input.std();
  }

  /** W of the model's input. */
  public int width() {
    return width;
  }

  /** H of the model's input. */
  public int height() {
    return height;
  }

  /** The model input {@code [3, H, W]} for {@code image}. */
  public float[] apply(RgbImage image) {
    byte[] pixels = image.width() == width && image.height() == height ? image.rgb() : resized(image);
    float[] out = new float[channels * height * width];
    int plane = height * width;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < channels; c++) {
        float v = (pixels[i * 3 + c] & 0xff) * scale;
        out[c * plane + i] = (v - mean[c]) / std[c];
      }
    }
    return out;
  }

  private byte[] resized(RgbImage image) {
    try (BytePointer pointer = new BytePointer(image.rgb());
        Mat src = new Mat(image.height(), image.width(), org.bytedeco.opencv.global.opencv_core.CV_8UC3, pointer);
        Mat dst = new Mat();
        Size size = new Size(width, height)) {
      resize(src, dst, size, 0, 0, INTER_AREA);
      byte[] out = new byte[width * height * 3];
      dst.data().get(out);
      return out;
    }
  }
}
