package io.ebmperception.stream.vision;

/**
 * A decoded 8-bit RGB image, row-major {@code [height, width, 3]}.
 *
 * @param width  pixels
 * @param height pixels
 * @param rgb    {@code height * width * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException("RGB buffer holds " + rgb.length + " bytes, expected "
          + width + " x " + height + " x 3");
    }
  }
}
