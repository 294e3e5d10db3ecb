package io.ebmperception.trainer.data;

import java.util.Random;

/**
 * The reference's augmentation for head pose: each training image is scaled by a random factor in
 * [{@code minScale}, {@code maxScale}] about a random point and cropped back to its size, with
 * bilinear sampling; where a shrunk image leaves the frame its border pixels are repeated (a
 * constant padding would give training images a frame that test images never have, and the
 * network's batch-norm statistics measurably learn it). Labels are unchanged, since pose does not
 * depend on where the head sits or how big it looks.
 *
 * @param minScale smallest zoom (below 1: the head shrinks and the border is repeated)
 * @param maxScale largest zoom (above 1: the head grows and the image is cropped)
 */
public record ScaleCropAugmentation(float minScale, float maxScale) {
  public ScaleCropAugmentation {
    if (!(minScale > 0 && maxScale >= minScale)) {
      throw new IllegalArgumentException("need 0 < minScale <= maxScale, got " + minScale + ", " + maxScale);
    }
  }

  /** The reference's range, 0.7 to 1.4. */
  public static ScaleCropAugmentation headPose() {
    return new ScaleCropAugmentation(0.7f, 1.4f);
  }

  /**
   * Augments {@code rows} CHW images stored one after the other in {@code batch}, in place.
   *
   * @param shape {@code [C, H, W]}
   */
  public void apply(float[] batch, int rows, long[] shape, Random random) {
    int c = (int) shape[0];
    int h = (int) shape[1];
    int w = (int) shape[2];
    int size = c * h * w;
    float[] source = new float[size];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(batch, i * size, source, 0, size);
      float s = minScale + random.nextFloat() * (maxScale - minScale);
      // Output pixel (u, v) reads source ((u - du) / s, (v - dv) / s): the shift keeps the scaled
      // image covering the output when zooming in, and inside it when zooming out.
      float du = shift(w, s, random);
      float dv = shift(h, s, random);
      for (int v = 0; v < h; v++) {
        float sy = (v + 0.5f - dv) / s - 0.5f;
        for (int u = 0; u < w; u++) {
          float sx = (u + 0.5f - du) / s - 0.5f;
          for (int ch = 0; ch < c; ch++) {
            batch[i * size + ch * h * w + v * w + u] = bilinear(source, ch * h * w, h, w, sx, sy);
          }
        }
      }
    }
  }

  private static float shift(int n, float s, Random random) {
    float lo = Math.min(0, n - n * s);
    float hi = Math.max(0, n - n * s);
    return lo + random.nextFloat() * (hi - lo);
  }

  private static float bilinear(float[] img, int offset, int h, int w, float x, float y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    float fx = x - x0;
    float fy = y - y0;
    return (1 - fy) * ((1 - fx) * at(img, offset, h, w, x0, y0) + fx * at(img, offset, h, w, x0 + 1, y0))
        + fy * ((1 - fx) * at(img, offset, h, w, x0, y0 + 1) + fx * at(img, offset, h, w, x0 + 1, y0 + 1));
  }

  private static float at(float[] img, int offset, int h, int w, int x, int y) {
    return img[offset + Math.max(0, Math.min(h - 1, y)) * w + Math.max(0, Math.min(w - 1, x))];
  }
}
