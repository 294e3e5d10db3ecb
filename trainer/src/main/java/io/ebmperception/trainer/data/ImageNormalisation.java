package io.ebmperception.trainer.data;

import java.awt.image.BufferedImage;

/**
 * How 8-bit RGB pixels become model inputs: {@code (value · scale − mean[c]) / std[c]} per channel,
 * channels first. The manifest records it so that the stream app preprocesses frames the same way.
 *
 * @param scale multiplier applied first (1/255)
 * @param mean  per-channel mean subtracted after scaling
 * @param std   per-channel standard deviation divided by last
 */
public record ImageNormalisation(float scale, float[] mean, float[] std) {
  /** The paper's normalisation (ImageNet statistics). */
  public static final ImageNormalisation IMAGENET = new ImageNormalisation(1f / 255f,
      new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  public ImageNormalisation {
    mean = mean.clone();
    std = std.clone();
  }

  /** Writes {@code image} as normalised {@code [3, H, W]} floats into {@code out} at {@code offset}. */
  public void toChw(BufferedImage image, float[] out, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int i = y * w + x;
        out[offset + i] = (((rgb >> 16) & 0xff) * scale - mean[0]) / std[0];
        out[offset + plane + i] = (((rgb >> 8) & 0xff) * scale - mean[1]) / std[1];
        out[offset + 2 * plane + i] = ((rgb & 0xff) * scale - mean[2]) / std[2];
      }
    }
  }
}
