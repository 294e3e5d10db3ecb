package io.ebmperception.stream.vision;

import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.vision.ImageCodec;
import io.ebmperception.vision.ImageHeader;
import io.ebmperception.vision.RgbImage;
import java.nio.ByteBuffer;

/**
 * Checks a {@link Frame} against {@link FrameLimits} and decodes it (JPEG and PNG through the
 * shared {@link ImageCodec}, RAW_RGB8 as is) into an {@link RgbImage}. Every failure is a
 * {@link FrameRejectedException} with its dead-letter reason, never a crash.
 *
 * <p>Compressed bytes are checked before they are decoded: their magic bytes must name the
 * declared encoding, and the size in their own header ({@link ImageHeader}) must equal the
 * declared size, which is within the pixel limit. So decoding one frame allocates at most
 * {@code frame.max.pixels} × 3 bytes of pixels (48 MiB at the default 4096 × 4096) plus its encoded
 * bytes, whatever the frame claims.
 *
 * <p>A JPEG much larger than the model's input is decoded at a reduced scale
 * ({@link ImageCodec#reduction}), as the trainer decodes its training images: a 1920 × 1080 frame
 * for a 64 px model is decoded at 1/8; most of a full decode's pixels would only be averaged away.
 */
public final class FrameDecoder {
  private final FrameLimits limits;
  private final boolean reduce;

  /** A decoder that always decodes at full size. */
  public FrameDecoder(FrameLimits limits) {
    this(limits, false);
  }

  /** @param reduce decode large JPEGs at a reduced scale when a target size is given */
  public FrameDecoder(FrameLimits limits, boolean reduce) {
    this.limits = limits;
    this.reduce = reduce;
  }

  /** The limits frames are checked against. */
  public FrameLimits limits() {
    return limits;
  }

  /** Decodes {@code frame} at full size. */
  public RgbImage decode(Frame frame) {
    return decode(frame, 0, 0);
  }

  /**
   * Decodes {@code frame} for a model whose input is {@code targetWidth} × {@code targetHeight}
   * (0: full size): a JPEG at the largest reduction of {@link ImageCodec#reduction}.
   */
  public RgbImage decode(Frame frame, int targetWidth, int targetHeight) {
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
    if (frame.getEncoding() == FrameEncoding.RAW_RGB8) {
      return raw(frame, data);
    }
    return compressed(frame, data, reduce
        ? ImageCodec.reduction(frame.getEncoding(), frame.getWidth(), frame.getHeight(), targetWidth, targetHeight) : 1);
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

  private static RgbImage compressed(Frame frame, byte[] data, int reduction) {
    checkHeader(frame, data);
    RgbImage image = ImageCodec.decode(data, reduction).orElseThrow(() -> new FrameRejectedException(
        DeadLetterReason.DECODE_FAILED, "cannot decode the " + frame.getEncoding() + " bytes (" + data.length + " bytes)"));
    if (image.width() != ImageCodec.reducedSide(frame.getWidth(), reduction)
        || image.height() != ImageCodec.reducedSide(frame.getHeight(), reduction)) {
      throw new FrameRejectedException(DeadLetterReason.INVALID_FRAME, "frame says "
          + frame.getWidth() + " x " + frame.getHeight() + ", the image is " + image.width() + " x " + image.height());
    }
    return image;
  }
}
