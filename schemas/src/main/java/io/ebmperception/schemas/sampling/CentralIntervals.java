package io.ebmperception.schemas.sampling;

import java.util.Arrays;

/**
 * Central intervals of the EBM's predictive distribution from its importance-weighted samples: per
 * target dimension, the weighted marginal quantiles (1 − a)/2 and (1 + a)/2 for each level a of
 * {@link #LEVELS}. Unlike mean ± 1.645 σ they follow a skewed or two-branched distribution, so their
 * coverage of labels is the calibration a planner can rely on. Plain Java, shared by trainer and app.
 */
public final class CentralIntervals {
  /** The levels every prediction carries: 50, 80, 90 and 95%. */
  public static final double[] LEVELS = {0.5, 0.8, 0.9, 0.95};

  private CentralIntervals() {}

  /** The index of {@code level} in {@link #LEVELS}; an unknown level is a programming error. */
  public static int indexOf(double level) {
    for (int l = 0; l < LEVELS.length; l++) {
      if (LEVELS[l] == level) {
        return l;
      }
    }
    throw new IllegalArgumentException("intervals are made at " + Arrays.toString(LEVELS) + ", not " + level);
  }

  /** {@link #LEVELS} as a copy. */
  public static double[] levels() {
    return LEVELS.clone();
  }

  /**
   * @param w       {@code [M]} normalised weights
   * @param samples {@code [M * D]}
   * @return {@code [L * 2 * D]}: for level l, D lower bounds then D upper bounds
   */
  public static float[] of(double[] w, float[] samples, int d) {
    int m = w.length;
    float[] out = new float[LEVELS.length * 2 * d];
    Integer[] order = new Integer[m];
    float[] values = new float[m];
    for (int k = 0; k < d; k++) {
      for (int i = 0; i < m; i++) {
        order[i] = i;
        values[i] = samples[i * d + k];
      }
      Arrays.sort(order, (a, b) -> Float.compare(values[a], values[b]));
      for (int l = 0; l < LEVELS.length; l++) {
        out[l * 2 * d + k] = quantile(order, values, w, (1 - LEVELS[l]) / 2);
        out[l * 2 * d + d + k] = quantile(order, values, w, (1 + LEVELS[l]) / 2);
      }
    }
    return out;
  }

  /** The smallest sample value whose cumulative weight reaches {@code p}. */
  private static float quantile(Integer[] order, float[] values, double[] w, double p) {
    double acc = 0;
    for (Integer i : order) {
      acc += w[i];
      if (acc >= p) {
        return values[i];
      }
    }
    return values[order[order.length - 1]];
  }

  /** The {@code [D]} lower bounds of level {@code l} in {@code intervals} (the layout {@link #of} returns). */
  public static float[] lower(float[] intervals, int d, int l) {
    return Arrays.copyOfRange(intervals, l * 2 * d, l * 2 * d + d);
  }

  /** The {@code [D]} upper bounds of level {@code l} in {@code intervals}. */
  public static float[] upper(float[] intervals, int d, int l) {
    return Arrays.copyOfRange(intervals, l * 2 * d + d, (l + 1) * 2 * d);
  }

  /** Whether {@code label} lies in level {@code l}'s interval of dimension {@code k} of {@code intervals}. */
  public static boolean covers(float[] intervals, int d, int l, int k, double label) {
    return label >= intervals[l * 2 * d + k] && label <= intervals[l * 2 * d + d + k];
  }
}
