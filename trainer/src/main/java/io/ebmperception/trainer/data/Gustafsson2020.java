package io.ebmperception.trainer.data;

import java.util.SplittableRandom;

/**
 * Dataset 1 of the paper's Table 1 (Gustafsson et al., BMVC 2020): a generator of any size and its
 * exact conditional density, used for the KL evaluation.
 *
 * <ul>
 *   <li>x ~ U(-3, 3)
 *   <li>x &lt; 0: y ~ 0.8 N(sin x, 0.075²) + 0.2 N(-sin x, 0.075²)
 *   <li>x &ge; 0: y = L - 1, L ~ LogNormal(0, 0.25²)
 * </ul>
 */
public final class Gustafsson2020 {
  private static final double SIGMA_GAUSS = 0.15 / 2.0;
  private static final double SIGMA_LOGNORMAL = 0.25;

  private Gustafsson2020() {}

  /** Draws {@code size} pairs with a seeded generator; the same seed gives the same data. */
  public static RegressionDataset generate(int size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[size];
    float[] y = new float[size];
    for (int i = 0; i < size; i++) {
      double xi = -3.0 + 6.0 * rng.nextDouble();
      double yi;
      if (xi < 0) {
        double centre = rng.nextDouble() < 0.8 ? Math.sin(xi) : -Math.sin(xi);
        yi = centre + SIGMA_GAUSS * gaussian(rng);
      } else {
        yi = Math.exp(SIGMA_LOGNORMAL * gaussian(rng)) - 1.0;
      }
      x[i] = (float) xi;
      y[i] = (float) yi;
    }
    return RegressionDataset.ofScalars("gustafsson2020-generated-" + size + "-seed" + seed, x, y);
  }

  /** The true density p(y | x). */
  public static double density(double x, double y) {
    if (x < 0) {
      return 0.8 * normal(y, Math.sin(x), SIGMA_GAUSS) + 0.2 * normal(y, -Math.sin(x), SIGMA_GAUSS);
    }
    double l = y + 1.0;
    if (l <= 0) {
      return 0.0;
    }
    double z = Math.log(l) / SIGMA_LOGNORMAL;
    return Math.exp(-0.5 * z * z) / (l * SIGMA_LOGNORMAL * Math.sqrt(2 * Math.PI));
  }

  private static double normal(double y, double mean, double sigma) {
    double z = (y - mean) / sigma;
    return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
