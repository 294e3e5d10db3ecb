package io.ebmperception.vision;

import java.awt.image.BufferedImage;

/**
 * A decoded 8-bit RGB image, row-major {@code [height, width, 3]}: what every decoder of the image
 * path yields and what the {@link Preprocessor} takes.
 *
 * @param width  pixels
 * @param height pixels
 * @param rgb    {@code height * width * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size " + width + " x " + height + " is not positive");
    }
    if (rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException("RGB buffer holds " + rgb.length + " bytes, expected "
          + width + " x " + height + " x 3");
    }
  }

  /** The pixels of {@code image} (any type; alpha is dropped, grey becomes three equal channels). */
  public static RgbImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, rgb);
  }

  /** As a {@link BufferedImage} (for writing it as PNG or drawing it). */
  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] argb = new int[width * height];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
    }
    out.setRGB(0, 0, width, height, argb, 0, width);
    return out;
  }
}
