package io.ebmperception.stream.vision;

/**
 * A decoded 8-bit RGB image, row-major {@code [height, width, 3]}.
 *
 * @param width  pixels
 * @param height pixels
 * @param rgb    {@code height * width * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {
  /** As a {@link java.awt.image.BufferedImage} (for writing it as PNG). */
  public java.awt.image.BufferedImage toBufferedImage() {
    java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(width, height,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = 3 * (y * width + x);
        out.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF));
      }
    }
    return out;
  }

  public RgbImage {
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException("RGB buffer holds " + rgb.length + " bytes, expected "
          + width + " x " + height + " x 3");
    }
  }
}
