package io.ebmperception.vision;

import io.ebmperception.schemas.FrameEncoding;
import java.util.Optional;

/**
 * The format and pixel size an encoded image states in its own header (PNG's IHDR chunk, JPEG's
 * start-of-frame segment), read without decoding a single pixel.
 *
 * <p>Why: a frame's declared width and height are only a claim. A small PNG can hold a 16000 ×
 * 16000 image of one colour that compresses to under a megabyte and decodes to 750 MB; checking
 * the header first keeps what one frame can cost bounded by the frame limits of the app, whatever its
 * producer claims.
 *
 * @param encoding the format the magic bytes identify
 * @param width    pixels per row
 * @param height   rows
 */
public record ImageHeader(FrameEncoding encoding, int width, int height) {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The format the magic bytes name, if they name PNG or JPEG. */
  public static Optional<FrameEncoding> sniff(byte[] data) {
    if (startsWith(data, PNG_SIGNATURE)) {
      return Optional.of(FrameEncoding.PNG);
    }
    if (data.length >= 3 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8 && (data[2] & 0xff) == 0xff) {
      return Optional.of(FrameEncoding.JPEG);
    }
    return Optional.empty();
  }

  /**
   * Reads the header of PNG or JPEG bytes.
   *
   * @return empty when the bytes are neither, or the header is cut off or malformed
   */
  public static Optional<ImageHeader> read(byte[] data) {
    Optional<FrameEncoding> format = sniff(data);
    if (format.isEmpty()) {
      return Optional.empty();
    }
    return format.get() == FrameEncoding.PNG ? png(data) : jpeg(data);
  }

  /** PNG: the signature, then the IHDR chunk (length, "IHDR", width, height, big-endian). */
  private static Optional<ImageHeader> png(byte[] d) {
    if (d.length < 24 || d[12] != 'I' || d[13] != 'H' || d[14] != 'D' || d[15] != 'R') {
      return Optional.empty();
    }
    long w = u32(d, 16);
    long h = u32(d, 20);
    if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new ImageHeader(FrameEncoding.PNG, (int) w, (int) h));
  }

  /**
   * JPEG: walks the marker segments after SOI up to the first start-of-frame (SOF0–SOF15 but DHT,
   * JPG and DAC), whose payload holds precision, height and width.
   */
  private static Optional<ImageHeader> jpeg(byte[] d) {
    int i = 2;
    while (i + 4 <= d.length) {
      if ((d[i] & 0xff) != 0xff) {
        return Optional.empty();
      }
      int marker = d[i + 1] & 0xff;
      if (marker == 0xff) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2; // stand-alone markers carry no length
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) {
        return Optional.empty(); // end of image or start of scan before any frame header
      }
      int length = u16(d, i + 2);
      if (length < 2) {
        return Optional.empty();
      }
      boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf
          && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (startOfFrame) {
        if (i + 9 > d.length) {
          return Optional.empty();
        }
        int h = u16(d, i + 5);
        int w = u16(d, i + 7);
        return w > 0 && h > 0 ? Optional.of(new ImageHeader(FrameEncoding.JPEG, w, h)) : Optional.empty();
      }
      i += 2 + length;
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] d, int at) {
    return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
  }

  private static long u32(byte[] d, int at) {
    return ((long) (d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | ((d[at + 2] & 0xff) << 8)
        | (d[at + 3] & 0xff);
  }
}
