package io.ebmperception.it;

import io.ebmperception.bench.serving.Jpegs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Camera-sized JPEGs of an exact byte size for the frame-size tests: a 1920 × 1080 noise image
 * (noise does not compress, like a sensor's grain at high quality) encoded at the highest quality
 * that stays under the size, then filled up to it with JPEG comment segments right after the
 * start-of-image marker (as cameras carry EXIF and maker notes there). Every decoder reads it.
 */
final class HdJpegs {
  static final int WIDTH = 1920;
  static final int HEIGHT = 1080;
  private static final int COMMENT_MAX = 65_533; // payload of one COM segment

  private HdJpegs() {}

  /** A valid {@link #WIDTH} × {@link #HEIGHT} JPEG of exactly {@code bytes} bytes. */
  static byte[] ofSize(int bytes, long seed) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(seed);
    byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
    random.nextBytes(pixels);
    for (float quality : new float[] {0.95f, 0.8f, 0.6f, 0.4f, 0.2f, 0.05f}) {
      byte[] jpeg = Jpegs.encode(image, quality);
      if (jpeg.length <= bytes - 4) {
        return padded(jpeg, bytes);
      }
    }
    throw new IllegalArgumentException(bytes + " bytes is too small for a " + WIDTH + " x " + HEIGHT + " JPEG");
  }

  /** {@code jpeg} with comment segments after SOI so that it is exactly {@code bytes} long. */
  private static byte[] padded(byte[] jpeg, int bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes);
    out.write(jpeg, 0, 2); // SOI
    int missing = bytes - jpeg.length;
    while (missing > 0) {
      int segment = Math.min(missing, COMMENT_MAX + 4);
      if (missing - segment > 0 && missing - segment < 4) {
        segment -= 4; // leave room for one more whole segment
      }
      int payload = segment - 4;
      out.write(0xFF);
      out.write(0xFE);
      out.write((payload + 2) >> 8);
      out.write((payload + 2) & 0xFF);
      out.write(new byte[payload], 0, payload);
      missing -= segment;
    }
    out.write(jpeg, 2, jpeg.length - 2);
    byte[] result = out.toByteArray();
    if (result.length != bytes) {
      throw new IllegalStateException("padded to " + result.length + " bytes instead of " + bytes);
    }
    return result;
  }
}
