package io.ebmperception.vision;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded video frame from FFmpeg as the 8-bit BGR {@link Mat} that JPEG encoding needs, for
 * replay and ingest alike.
 *
 * <p>Why not JavaCV's converter alone: FFmpeg pads each row of a small frame to its alignment
 * (a 32 px BGR row of 96 bytes is stored in 192), and JavaCV derives the channel count from that
 * row stride, so a 32 × 32 video came out as a 6-channel image that no encoder takes. Such frames
 * are read here as three channels with the padded row step.
 */
public final class GrabbedImages {
  private GrabbedImages() {}

  /**
   * The BGR pixels of {@code frame} (a view; valid until the next grab).
   *
   * @throws IllegalArgumentException when the frame holds no 8-bit BGR image
   */
  public static Mat bgr(Frame frame, OpenCVFrameConverter.ToMat converter) {
    if (frame.imageDepth != Frame.DEPTH_UBYTE || frame.image == null || frame.image.length == 0) {
      throw new IllegalArgumentException("the video frame is not 8-bit (depth " + frame.imageDepth + ")");
    }
    if (frame.imageChannels == 3) {
      return converter.convert(frame);
    }
    int rowBytes = frame.imageWidth * 3;
    if (frame.imageStride < rowBytes || !(frame.image[0] instanceof ByteBuffer buffer)) {
      throw new IllegalArgumentException("the video frame has " + frame.imageChannels + " channels in rows of "
          + frame.imageStride + " bytes; expected 3 channels of " + frame.imageWidth + " pixels");
    }
    return new Mat(frame.imageHeight, frame.imageWidth, opencv_core.CV_8UC3, new BytePointer(buffer),
        frame.imageStride);
  }
}
