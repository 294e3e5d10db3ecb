package io.ebmperception.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.ebmperception.schemas.FrameEncoding;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encoded images to {@link RgbImage}s and back, through OpenCV (libjpeg-turbo, libpng): the
 * decoder of every served frame and of every image the trainer reads, and the JPEG encoder of
 * replay, ingest and the trainer's codec augmentation.
 *
 * <p>Decoding is always to three channels in RGB order: a grey PNG gives three equal channels and
 * an alpha channel is dropped, as OpenCV's {@code IMREAD_COLOR} does. A JPEG may be decoded at
 * a reduced scale (libjpeg's 1/2, 1/4, 1/8 DCT scaling); see {@link #reduction}.
 */
public final class ImageCodec {
  /**
   * JPEG quality of every frame a recording or a camera publishes (replay, ingest, record): the
   * quality the trainer's {@link FrameCodec#RECORDING_JPEG} augmentation reproduces.
   */
  public static final int RECORDING_JPEG_QUALITY = 90;
  /** A reduced decode must keep this many times the model's input side in each dimension. */
  public static final int REDUCED_MARGIN = 2;

  private ImageCodec() {}

  /**
   * The largest of 8, 4, 2 (else 1) by which a {@code width} × {@code height} JPEG can be decoded
   * and still be at least {@link #REDUCED_MARGIN} × the target in each dimension (a target of
   * 0 × 0: 1), so the area resize that follows still averages several decoded pixels into each
   * input pixel.
   */
  public static int reduction(int width, int height, int targetWidth, int targetHeight) {
    if (targetWidth <= 0 || targetHeight <= 0) {
      return 1;
    }
    for (int r : new int[] {8, 4, 2}) {
      if (reducedSide(width, r) >= REDUCED_MARGIN * targetWidth
          && reducedSide(height, r) >= REDUCED_MARGIN * targetHeight) {
        return r;
      }
    }
    return 1;
  }

  /**
   * The factor a {@code width × height} image in {@code encoding} is decoded at for a model of
   * {@code targetWidth × targetHeight}: {@link #reduction} for a JPEG, 1 for PNG and raw frames
   * (only libjpeg decodes at a reduced scale).
   */
  public static int reduction(FrameEncoding encoding, int width, int height, int targetWidth, int targetHeight) {
    return encoding == FrameEncoding.JPEG ? reduction(width, height, targetWidth, targetHeight) : 1;
  }

  /** A side of {@code side} pixels decoded at 1/{@code reduction}: libjpeg rounds up. */
  public static int reducedSide(int side, int reduction) {
    return (side + reduction - 1) / reduction;
  }

  /**
   * Decodes JPEG or PNG bytes at 1/{@code reduction} (1, 2, 4 or 8; JPEG only, a PNG ignores it).
   *
   * @return empty when OpenCV cannot decode the bytes (it reports no image, or throws on them)
   */
  public static Optional<RgbImage> decode(byte[] data, int reduction) {
    int flag = readFlag(reduction);
    try (BytePointer pointer = new BytePointer(data);
        Mat encoded = new Mat(1, data.length, opencv_core.CV_8UC1, pointer);
        Mat bgr = imdecode(encoded, flag)) {
      if (bgr == null || bgr.empty()) {
        return Optional.empty();
      }
      return Optional.of(fromBgr(bgr));
    } catch (RuntimeException e) {
      // OpenCV's own exceptions (cv::Exception) reach Java as RuntimeExceptions: bad bytes, not a bug here
      return Optional.empty();
    }
  }

  /**
   * Loads the native codec (OpenCV's libraries, its JPEG decoder) by encoding and decoding a tiny
   * image, so that a long-running process pays for it at start and not on its first frame (the
   * app's first decode took 1.35 s of a live frame's time before). Returns the milliseconds spent.
   */
  public static long warmUp() {
    long start = System.nanoTime();
    byte[] grey = new byte[16 * 16 * 3];
    java.util.Arrays.fill(grey, (byte) 128);
    if (decode(jpeg(new RgbImage(16, 16, grey), RECORDING_JPEG_QUALITY), 2).isEmpty()) {
      throw new IllegalStateException("the image codec could not decode its own JPEG");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The pixels of an 8-bit three-channel BGR {@link Mat}, in RGB order. */
  public static RgbImage fromBgr(Mat bgr) {
    if (bgr.channels() != 3 || bgr.depth() != opencv_core.CV_8U) {
      throw new IllegalArgumentException("expected 8-bit BGR pixels, got " + bgr.channels()
          + " channel(s) of depth " + bgr.depth());
    }
    try (Mat rgb = new Mat()) {
      cvtColor(bgr, rgb, COLOR_BGR2RGB);
      byte[] out = new byte[rgb.cols() * rgb.rows() * 3];
      rgb.data().get(out);
      return new RgbImage(rgb.cols(), rgb.rows(), out);
    }
  }

  /** {@code image} as a JPEG at {@code quality} (0 to 100). */
  public static byte[] jpeg(RgbImage image, int quality) {
    try (BytePointer pixels = new BytePointer(image.rgb());
        Mat rgb = new Mat(image.height(), image.width(), opencv_core.CV_8UC3, pixels);
        Mat bgr = new Mat()) {
      cvtColor(rgb, bgr, COLOR_RGB2BGR);
      return jpegFromBgr(bgr, quality);
    }
  }

  /**
   * A BGR frame as every recording and camera publishes it: JPEG at {@link #RECORDING_JPEG_QUALITY}
   * (the one place that encodes published frames: replays, live cameras, the trainer's renders).
   */
  public static byte[] recordingJpeg(Mat bgr) {
    return jpegFromBgr(bgr, RECORDING_JPEG_QUALITY);
  }

  /** An 8-bit three-channel BGR {@link Mat} as a JPEG at {@code quality} (0 to 100). */
  public static byte[] jpegFromBgr(Mat bgr, int quality) {
    if (bgr.channels() != 3) {
      throw new IllegalArgumentException("expected 3 channels (BGR) to encode, got " + bgr.channels());
    }
    try (BytePointer buffer = new BytePointer();
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
      if (!imencode(".jpg", bgr, buffer, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + bgr.cols() + " x " + bgr.rows() + " JPEG");
      }
      byte[] out = new byte[(int) buffer.limit()];
      buffer.get(out);
      return out;
    }
  }

  private static int readFlag(int reduction) {
    return switch (reduction) {
      case 1 -> IMREAD_COLOR;
      case 2 -> IMREAD_REDUCED_COLOR_2;
      case 4 -> IMREAD_REDUCED_COLOR_4;
      case 8 -> IMREAD_REDUCED_COLOR_8;
      default -> throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8, got " + reduction);
    };
  }
}
