package io.ebmperception.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns a decoded image into the model's input: resized (OpenCV, area interpolation) to the
 * input's height and width, then normalised per channel ({@link ImageNormalisation}), laid out
 * channels-first ({@code chw-rgb}). The app applies it to every frame and the trainer to every
 * training image, so it is the one resampler a model ever sees.
 */
public final class Preprocessor {
  /** The manifest's name of the input layout this class produces. */
  public static final String LAYOUT = "chw-rgb";
  /** Channels of the input it produces: R, G and B. */
  public static final int CHANNELS = 3;
  private final int height;
  private final int width;
  private final ImageNormalisation normalisation;

  /** A preprocessor for {@code width × height} inputs normalised by {@code normalisation}. */
  public Preprocessor(int width, int height, ImageNormalisation normalisation) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("input size " + width + " x " + height + " is not positive");
    }
    this.width = width;
    this.height = height;
    this.normalisation = normalisation;
  }

  /** The preprocessor a bundle's input spec prescribes; it must be a {@code chw-rgb} image of shape [3, H, W]. */
  public static Preprocessor forInput(Manifest.InputSpec input) {
    long[] shape = input.shape();
    if (!LAYOUT.equals(input.layout()) || shape.length != 3 || shape[0] != CHANNELS) {
      throw new IllegalArgumentException("the model's input is " + input.layout() + " " + Arrays.toString(shape)
          + "; camera frames need a " + LAYOUT + " model of shape [3, H, W]");
    }
    return new Preprocessor((int) shape[2], (int) shape[1], ImageNormalisation.of(input));
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
    float[] out = new float[CHANNELS * height * width];
    apply(image, out, 0);
    return out;
  }

  /** Writes the model input {@code [3, H, W]} for {@code image} into {@code out} at {@code offset}. */
  public void apply(RgbImage image, float[] out, int offset) {
    normalisation.toChw(resized(image).rgb(), width, height, out, offset);
  }

  /** {@code image} at the model's input size, resampled as the model expects. */
  public RgbImage resized(RgbImage image) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    try (BytePointer pointer = new BytePointer(image.rgb());
        Mat src = new Mat(image.height(), image.width(), opencv_core.CV_8UC3, pointer);
        Mat dst = new Mat();
        Size size = new Size(width, height)) {
      resize(src, dst, size, 0, 0, INTER_AREA);
      byte[] out = new byte[width * height * 3];
      dst.data().get(out);
      return new RgbImage(width, height, out);
    }
  }
}
