package io.ebmperception.stream.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Checks a {@link Frame} against {@link FrameLimits} and decodes it (JPEG and PNG through OpenCV,
 * RAW_RGB8 as is) into an {@link RgbImage}. Every failure is a {@link FrameRejectedException}
 * with its dead-letter reason, never a crash.
 *
 * <p>Compressed bytes are checked before they are decoded: their magic bytes must name the
 * declared encoding, and the size in their own header ({@link ImageHeader}) must equal the
 * declared size, which is within the pixel limit. So decoding one frame allocates at most
 * {@code frame.max.pixels} × 3 bytes of pixels (48 MiB at the default 4096 × 4096) plus its encoded
 * bytes, whatever the frame claims.
 */
public final class FrameDecoder {
  private final FrameLimits limits;

  public FrameDecoder(FrameLimits limits) {
    this.limits = limits;
  }

  /** The limits frames are checked against. */
  public FrameLimits limits() {
    return limits;
  }

  public RgbImage decode(Frame frame) {
    ByteBuffer bytes = frame.getBytes();
    int size = bytes.remaining();
    if (frame.getWidth() <= 0 || frame.getHeight() <= 0) {
      throw new FrameRejectedException(DeadLetterReason.INVALID_FRAME,
          "frame size " + frame.getWidth() + " x " + frame.getHeight() + " is not positive");
    }
    if (size > limits.maxBytes()) {
      throw new FrameRejectedException(DeadLetterReason.TOO_LARGE,
          "frame has " + size + " bytes, the limit is " + limits.maxBytes());
    }
    if ((long) frame.getWidth() * frame.getHeight() > limits.maxPixels()) {
      throw new FrameRejectedException(DeadLetterReason.TOO_LARGE,
          "frame has " + frame.getWidth() + " x " + frame.getHeight() + " pixels, the limit is "
              + limits.maxPixels());
    }
    byte[] data = new byte[size];
    bytes.duplicate().get(data);
    return switch (frame.getEncoding()) {
      case RAW_RGB8 -> raw(frame, data);
      case JPEG, PNG -> compressed(frame, data);
    };
  }

  /** Magic bytes and header size against the frame's claims, before any pixel is decoded. */
  private static void checkHeader(Frame frame, byte[] data) {
    FrameEncoding declared = frame.getEncoding();
    FrameEncoding actual = ImageHeader.sniff(data).orElseThrow(() -> new FrameRejectedException(
        DeadLetterReason.DECODE_FAILED, "the bytes are not " + declared + " (" + data.length
            + " bytes, neither a PNG nor a JPEG signature)"));
    if (actual != declared) {
      throw new FrameRejectedException(DeadLetterReason.INVALID_FRAME,
          "the frame says " + declared + " but its bytes are " + actual);
    }
    ImageHeader header = ImageHeader.read(data).orElseThrow(() -> new FrameRejectedException(
        DeadLetterReason.DECODE_FAILED, "the " + declared + " header is cut off or malformed ("
            + data.length + " bytes)"));
    if (header.width() != frame.getWidth() || header.height() != frame.getHeight()) {
      throw new FrameRejectedException(DeadLetterReason.INVALID_FRAME, "frame says "
          + frame.getWidth() + " x " + frame.getHeight() + ", the image is " + header.width() + " x "
          + header.height() + " (from its " + declared + " header; not decoded)");
    }
  }

  private static RgbImage raw(Frame frame, byte[] data) {
    long expected = (long) frame.getWidth() * frame.getHeight() * 3;
    if (data.length != expected) {
      throw new FrameRejectedException(DeadLetterReason.INVALID_FRAME,
          "RAW_RGB8 frame has " + data.length + " bytes, " + frame.getWidth() + " x "
              + frame.getHeight() + " x 3 = " + expected + " expected");
    }
    return new RgbImage(frame.getWidth(), frame.getHeight(), data);
  }

  private static RgbImage compressed(Frame frame, byte[] data) {
    checkHeader(frame, data);
    try (BytePointer pointer = new BytePointer(data);
        Mat encoded = new Mat(1, data.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, pointer);
        Mat bgr = imdecode(encoded, IMREAD_COLOR)) {
      if (bgr == null || bgr.empty()) {
        throw new FrameRejectedException(DeadLetterReason.DECODE_FAILED,
            "cannot decode the " + frame.getEncoding() + " bytes (" + data.length + " bytes)");
      }
      if (bgr.cols() != frame.getWidth() || bgr.rows() != frame.getHeight()) {
        throw new FrameRejectedException(DeadLetterReason.INVALID_FRAME, "frame says "
            + frame.getWidth() + " x " + frame.getHeight() + ", the image is " + bgr.cols() + " x " + bgr.rows());
      }
      try (Mat rgb = new Mat()) {
        cvtColor(bgr, rgb, COLOR_BGR2RGB);
        byte[] out = new byte[rgb.cols() * rgb.rows() * 3];
        rgb.data().get(out);
        return new RgbImage(rgb.cols(), rgb.rows(), out);
      }
    }
  }
}
