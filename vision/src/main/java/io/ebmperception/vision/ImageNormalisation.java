package io.ebmperception.vision;

import io.ebmperception.schemas.bundle.Manifest;

/**
 * How 8-bit RGB pixels become model inputs: {@code (value · scale − mean[c]) / std[c]} per channel,
 * channels first. The trainer writes it into the manifest's input spec, and the app reads it back
 * from there ({@link #of(Manifest.InputSpec)}), so both normalise alike.
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
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("an image normalisation has 3 means and 3 stds, got "
          + mean.length + " and " + std.length);
    }
  }

  /** The normalisation a bundle's input spec prescribes (an empty mean or std: 0 or 1). */
  public static ImageNormalisation of(Manifest.InputSpec input) {
    return new ImageNormalisation(input.scale(),
        input.mean().length == 0 ? new float[] {0f, 0f, 0f} : input.mean(),
        input.std().length == 0 ? new float[] {1f, 1f, 1f} : input.std());
  }

  /** The manifest's input spec of a {@code [3, H, W]} image model normalised this way (the inverse of {@link #of}). */
  public Manifest.InputSpec inputSpec(long[] shape) {
    return new Manifest.InputSpec(shape.clone(), Preprocessor.LAYOUT, scale, mean.clone(), std.clone());
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /**
   * Writes {@code height · width} RGB pixels ({@code [H, W, 3]} bytes) as normalised
   * {@code [3, H, W]} floats into {@code out} at {@code offset}.
   */
  public void toChw(byte[] rgb, int width, int height, float[] out, int offset) {
    int plane = width * height;
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float s = std[c];
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        out[base + i] = ((rgb[i * 3 + c] & 0xff) * scale - m) / s;
      }
    }
  }
}
