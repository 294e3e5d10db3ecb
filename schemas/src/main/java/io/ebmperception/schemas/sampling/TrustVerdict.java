package io.ebmperception.schemas.sampling;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.Arrays;

/**
 * Whether an input looks like those the model was trained for, from two signals every prediction
 * already has: the SNIS estimate of log Z(x) (an EBM's analogue of the free energy that separates
 * in- from out-of-distribution inputs for classifiers; Liu et al., NeurIPS 2020) and ESS / M (how
 * well the proposal still fits the EBM). Each is placed in its distribution on the model's
 * validation split ({@link Manifest.TrustSpec}, learned at training time): its lower-tail
 * probability, the share of validation inputs with a lower value. The input's
 * {@link #oodScore} is one minus the smaller of the two; it is untrusted when either tail
 * probability falls below half the declared false-alarm rate, so that at most that share of
 * in-distribution inputs is flagged. Plain Java, shared by the trainer (which measures it) and the
 * app (which puts it in every prediction).
 */
public final class TrustVerdict {
  private final Manifest.TrustSpec spec;

  /** @param spec the thresholds of a bundle; see {@link Manifest#trust()} */
  public TrustVerdict(Manifest.TrustSpec spec) {
    this.spec = spec;
  }

  /** The verdict on one input: its score in [0, 1] (higher: more foreign) and whether to trust it. */
  public record Verdict(double oodScore, boolean trusted) {}

  /** Judges an input from its prediction's log Z and ESS / M. */
  public Verdict judge(double logPartition, double essFraction) {
    double typical = Math.min(lowerTail(spec.logPartitionQuantiles(), logPartition),
        lowerTail(spec.essFractionQuantiles(), essFraction));
    if (!Double.isFinite(logPartition) || !Double.isFinite(essFraction)) {
      typical = 0;
    }
    return new Verdict(1 - typical, typical >= spec.falseAlarmRate() / 2);
  }

  /**
   * The share of validation values below {@code value}, interpolated in the table of evenly spaced
   * quantiles {@code q[0] = min … q[n-1] = max}: 0 below the minimum, 1 above the maximum.
   */
  static double lowerTail(float[] q, double value) {
    int n = q.length;
    if (value < q[0]) {
      return 0;
    }
    if (value >= q[n - 1]) {
      return 1;
    }
    int i = Arrays.binarySearch(q, (float) value);
    if (i >= 0) {
      while (i + 1 < n && q[i + 1] == q[i]) {
        i++; // ties: the largest level at this value
      }
      return (double) i / (n - 1);
    }
    int hi = -i - 1; // first quantile above value
    int lo = hi - 1;
    double frac = (value - q[lo]) / (q[hi] - q[lo]);
    return (lo + frac) / (n - 1);
  }

  /**
   * The quantile table of {@code values} with {@code levels} evenly spaced levels from 0 to 1
   * (linear interpolation between order statistics), as stored in a {@link Manifest.TrustSpec}.
   */
  public static float[] quantiles(double[] values, int levels) {
    double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (sorted.length < 2) {
      throw new IllegalArgumentException("need at least 2 finite values for a quantile table, got " + sorted.length);
    }
    float[] out = new float[levels];
    for (int l = 0; l < levels; l++) {
      double pos = (double) l / (levels - 1) * (sorted.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(sorted.length - 1, lo + 1);
      out[l] = (float) (sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]));
    }
    for (int l = 1; l < levels; l++) {
      out[l] = Math.max(out[l], out[l - 1]); // float rounding must not break the order
    }
    return out;
  }
}
