package io.ebmperception.trainer.data;

/**
 * Converts 8-bit image tensors of the published dataset layouts into normalised channels-first
 * floats: {@code [N, 3, H, W]} (CcGAN HDF5) or {@code [N, H, W, 3]} (FSA-Net npz).
 */
final class ImageArrays {
  private ImageArrays() {}

  /**
   * @param pixels      {@code N·H·W·3} unsigned bytes
   * @param channelsLast whether the layout is {@code [N, H, W, 3]} (else {@code [N, 3, H, W]})
   */
  static float[] toNormalisedChw(byte[] pixels, int n, int height, int width, boolean channelsLast,
      ImageNormalisation norm) {
    int plane = height * width;
    float[] out = new float[n * 3 * plane];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < plane; p++) {
          int src = channelsLast ? (i * plane + p) * 3 + c : (i * 3 + c) * plane + p;
          float v = (pixels[src] & 0xff) * norm.scale();
          out[(i * 3 + c) * plane + p] = (v - norm.mean()[c]) / norm.std()[c];
        }
      }
    }
    return out;
  }
}
