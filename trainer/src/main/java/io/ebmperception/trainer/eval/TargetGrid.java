package io.ebmperception.trainer.eval;

/**
 * A regular grid of y values over a box [lo, hi]^D with {@code pointsPerDim} points per
 * dimension; point j of a dimension sits at {@code lo + j·(hi - lo)/(n - 1)} and every point stands
 * for a cell of volume {@code Π (hi - lo)/n}, the convention of the reference evaluations.
 *
 * @param lo           lower bound per dimension
 * @param hi           upper bound per dimension
 * @param pointsPerDim points per dimension
 */
public record TargetGrid(float[] lo, float[] hi, int pointsPerDim) {
  public TargetGrid {
    lo = lo.clone();
    hi = hi.clone();
    if (lo.length != hi.length || lo.length == 0) {
      throw new IllegalArgumentException("grid bounds need one lo and one hi per dimension");
    }
    for (int d = 0; d < lo.length; d++) {
      if (!(hi[d] > lo[d])) {
        throw new IllegalArgumentException("grid needs hi > lo in dimension " + d);
      }
    }
    if (pointsPerDim < 2) {
      throw new IllegalArgumentException("grid needs at least 2 points per dimension");
    }
  }

  /** A 1-D grid of {@code points} values in [lo, hi]. */
  public static TargetGrid of1d(float lo, float hi, int points) {
    return new TargetGrid(new float[] {lo}, new float[] {hi}, points);
  }

  /** The same interval [lo, hi] in each of D dimensions. */
  public static TargetGrid cube(int dims, float lo, float hi, int pointsPerDim) {
    float[] l = new float[dims];
    float[] h = new float[dims];
    java.util.Arrays.fill(l, lo);
    java.util.Arrays.fill(h, hi);
    return new TargetGrid(l, h, pointsPerDim);
  }

  public int dims() {
    return lo.length;
  }

  /** Number of grid points, {@code pointsPerDim^D}. */
  public int size() {
    return (int) Math.pow(pointsPerDim, dims());
  }

  /** log of the volume each point stands for. */
  public double logCellVolume() {
    double v = 0;
    for (int d = 0; d < dims(); d++) {
      v += Math.log((hi[d] - lo[d]) / pointsPerDim);
    }
    return v;
  }

  /** All points, row-major {@code [size, D]}, the last dimension varying fastest. */
  public float[] points() {
    int d = dims();
    float[] out = new float[size() * d];
    for (int i = 0; i < size(); i++) {
      int rest = i;
      for (int k = d - 1; k >= 0; k--) {
        int j = rest % pointsPerDim;
        rest /= pointsPerDim;
        out[i * d + k] = lo[k] + j * (hi[k] - lo[k]) / (pointsPerDim - 1);
      }
    }
    return out;
  }
}
