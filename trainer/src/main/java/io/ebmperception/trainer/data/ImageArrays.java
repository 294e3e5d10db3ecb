package io.ebmperception.trainer.data;

import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.vision.Preprocessor;
import io.ebmperception.vision.RgbImage;

/**
 * Converts 8-bit image tensors of the published dataset layouts ({@code [N, 3, H, W]}, CcGAN HDF5;
 * {@code [N, H, W, 3]}, FSA-Net npz) into model inputs through the app's {@link Preprocessor}, at
 * their own size.
 */
final class ImageArrays {
  private ImageArrays() {}

  /**
   * @param pixels       {@code N·H·W·3} unsigned bytes
   * @param channelsLast whether the layout is {@code [N, H, W, 3]} (else {@code [N, 3, H, W]})
   */
  static float[] toNormalisedChw(byte[] pixels, int n, int height, int width, boolean channelsLast,
      ImageNormalisation norm) {
    Preprocessor preprocessor = new Preprocessor(width, height, norm);
    int plane = height * width;
    float[] out = new float[n * 3 * plane];
    for (int i = 0; i < n; i++) {
      byte[] rgb = new byte[3 * plane];
      if (channelsLast) {
        System.arraycopy(pixels, i * 3 * plane, rgb, 0, 3 * plane);
      } else {
        for (int c = 0; c < 3; c++) {
          for (int p = 0; p < plane; p++) {
            rgb[p * 3 + c] = pixels[(i * 3 + c) * plane + p];
          }
        }
      }
      preprocessor.apply(new RgbImage(width, height, rgb), out, i * 3 * plane);
    }
    return out;
  }
}
