package io.ebmperception.schemas.sampling;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.Arrays;

/**
 * Whether an input looks like those the model was trained for, from three signals every
 * prediction already has: the SNIS estimate of log Z(x) (an EBM's analogue of the free energy that
 * separates in- from out-of-distribution inputs for classifiers; Liu et al., NeurIPS 2020), ESS / M
 * (how well the proposal still fits the EBM), and the Mahalanobis distance of the input graph's
 * projection from the validation inputs' (Lee et al., NeurIPS 2018). Each is placed in its
 * distribution on the model's validation split ({@link Manifest.TrustSpec}, learned at training
 * time) as a tail probability p: the share of validation inputs that were less typical (a lower
 * log Z, a lower ESS, a larger distance). The three are combined as {@code −Σ log p} (Fisher's
 * statistic), and that too is placed among the validation inputs' own: the input's
 * {@code oodScore} is the share of validation inputs with a smaller statistic, and the input is
 * untrusted when it exceeds one minus the declared false-alarm rate, so that about that share of
 * in-distribution inputs is flagged. An input moderately odd on every signal (noise: a lowish
 * log Z, a lowish ESS, a largish distance) is caught where a threshold per signal would not be. An
 * image input with next to no contrast (below half the lowest of the validation images: a covered,
 * blinded or flat camera) is untrusted with score 1. Plain Java, shared by the trainer (which
 * learns the thresholds) and the app (which puts the verdict in every prediction).
 */
public final class TrustVerdict {
  private final Manifest.TrustSpec spec;

  /** @param spec the thresholds of a bundle; see {@link Manifest#trust()} */
  public TrustVerdict(Manifest.TrustSpec spec) {
    this.spec = spec;
  }

  /** The verdict on one input: its score in [0, 1] (higher: more foreign) and whether to trust it. */
  public record Verdict(double oodScore, boolean trusted) {}

  /** Quantile levels a spec stores: every 0.5%. */
  public static final int LEVELS = 201;
  /**
   * Shrinkage of the feature covariance towards its mean variance: with 500 validation inputs and
   * 128 features the sample covariance is noisy in its smallest directions, which would make every
   * new input look far away.
   */
  public static final double SHRINKAGE = 0.1;
  /** An image below this share of the lowest validation contrast shows next to nothing. */
  public static final double CONTRAST_FLOOR = 0.5;

  /**
   * Learns a spec from the validation inputs' signals.
   *
   * @param falseAlarmRate the declared share of in-distribution inputs to flag
   * @param samples        M the signals were measured at
   * @param logPartition   {@code [N]} log Z(x)
   * @param essFraction    {@code [N]} ESS / M
   * @param projection     {@code [N * h]} the inputs' projections
   * @param h              H
   * @param contrast       {@code [N]} the image inputs' contrast, or null for vector inputs
   */
  public static Manifest.TrustSpec learn(double falseAlarmRate, int samples, float[] logPartition, float[] essFraction,
      float[] projection, int h, double[] contrast) {
    int n = logPartition.length;
    double[] rows = new double[projection.length];
    double[] mean = new double[h];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = projection[i];
      mean[i % h] += rows[i] / n;
    }
    float[] precision = precision(rows, n, h, mean, SHRINKAGE);
    float[] meanF = new float[h];
    for (int i = 0; i < h; i++) {
      meanF[i] = (float) mean[i];
    }
    double[] distances = new double[n];
    double[] logZ = new double[n];
    double[] ess = new double[n];
    for (int r = 0; r < n; r++) {
      distances[r] = squaredDistance(meanF, precision, projection, r * h);
      logZ[r] = logPartition[r];
      ess[r] = essFraction[r];
    }
    Manifest.TrustSpec signals = new Manifest.TrustSpec(falseAlarmRate, samples, n, quantiles(logZ, LEVELS),
        quantiles(ess, LEVELS), meanF, precision, quantiles(distances, LEVELS), null, null);
    double[] combined = new double[n];
    for (int r = 0; r < n; r++) {
      combined[r] = combined(signals, logZ[r], ess[r], distances[r]);
    }
    Float floor = contrast == null ? null : (float) (CONTRAST_FLOOR * Arrays.stream(contrast).min().orElse(0));
    return new Manifest.TrustSpec(falseAlarmRate, samples, n, signals.logPartitionQuantiles(),
        signals.essFractionQuantiles(), meanF, precision, signals.featureDistanceQuantiles(),
        quantiles(combined, LEVELS), floor);
  }

  /** The smallest tail probability a signal is given: the validation split cannot resolve smaller ones. */
  static final double MIN_TAIL = 1e-3;

  /**
   * Judges an input from its prediction's log Z and ESS / M, its {@code [H]} projection and, for
   * image models, its contrast ({@link #contrast}; ignored when the spec has no contrast floor).
   */
  public Verdict judge(double logPartition, double essFraction, float[] projection, double contrast) {
    double distance = squaredDistance(spec.featureMean(), spec.featurePrecision(), projection, 0);
    if (!Double.isFinite(logPartition) || !Double.isFinite(essFraction) || !Double.isFinite(distance)
        || !Double.isFinite(contrast)
        || spec.inputContrastFloor() != null && contrast < spec.inputContrastFloor()) {
      return new Verdict(1, false); // nothing to judge, or next to nothing to see
    }
    double score = lowerTail(spec.combinedQuantiles(), combined(spec, logPartition, essFraction, distance));
    return new Verdict(score, score <= 1 - spec.falseAlarmRate());
  }

  /**
   * Fisher's statistic {@code −Σ log p} of an input's three tail probabilities against the
   * validation quantiles of {@code spec} (each at least {@link #MIN_TAIL}).
   */
  public static double combined(Manifest.TrustSpec spec, double logPartition, double essFraction, double distance) {
    double pZ = lowerTail(spec.logPartitionQuantiles(), logPartition);
    double pE = lowerTail(spec.essFractionQuantiles(), essFraction);
    double pD = 1 - lowerTail(spec.featureDistanceQuantiles(), distance);
    return -(Math.log(Math.max(MIN_TAIL, pZ)) + Math.log(Math.max(MIN_TAIL, pE)) + Math.log(Math.max(MIN_TAIL, pD)));
  }

  /**
   * The contrast of an image input: the spatial standard deviation within each of its
   * {@code channels} planes, averaged over the planes ({@code length} values at {@code offset},
   * channels first). A flat frame has none, whatever its colour.
   */
  public static double contrast(float[] input, int offset, int length, int channels) {
    int plane = length / channels;
    double total = 0;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      double squares = 0;
      for (int i = offset + c * plane; i < offset + (c + 1) * plane; i++) {
        sum += input[i];
        squares += (double) input[i] * input[i];
      }
      double mean = sum / plane;
      total += Math.sqrt(Math.max(0, squares / plane - mean * mean));
    }
    return total / channels;
  }

  /**
   * {@code (h − μ)ᵀ P (h − μ)} for the {@code [H]} vector of {@code features} at {@code offset}.
   *
   * @param mean      {@code [H]} μ
   * @param precision {@code [H * H]} row-major P
   */
  public static double squaredDistance(float[] mean, float[] precision, float[] features, int offset) {
    int h = mean.length;
    double[] c = new double[h];
    for (int i = 0; i < h; i++) {
      c[i] = features[offset + i] - mean[i];
    }
    double sum = 0;
    for (int i = 0; i < h; i++) {
      double row = 0;
      for (int j = 0; j < h; j++) {
        row += precision[i * h + j] * c[j];
      }
      sum += c[i] * row;
    }
    return sum;
  }

  /**
   * The inverse of the covariance of {@code n} row vectors of width {@code h}, shrunk towards its
   * diagonal's mean ({@code (1 − s) Σ + s · tr(Σ)/h · I}, s = {@code shrinkage}) so that it is
   * well-conditioned with fewer inputs than features; by Cholesky factorisation.
   *
   * @return {@code [h * h]} row-major
   */
  public static float[] precision(double[] rows, int n, int h, double[] mean, double shrinkage) {
    double[] cov = new double[h * h];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < h; i++) {
        double di = rows[r * h + i] - mean[i];
        for (int j = 0; j <= i; j++) {
          cov[i * h + j] += di * (rows[r * h + j] - mean[j]) / (n - 1);
        }
      }
    }
    double trace = 0;
    for (int i = 0; i < h; i++) {
      trace += cov[i * h + i];
    }
    double ridge = shrinkage * Math.max(trace / h, 1e-12);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j <= i; j++) {
        cov[i * h + j] *= 1 - shrinkage;
        cov[j * h + i] = cov[i * h + j];
      }
      cov[i * h + i] += ridge;
    }
    double[] l = cholesky(cov, h);
    // P = L⁻ᵀ L⁻¹: invert L column by column, then multiply
    double[] inv = new double[h * h];
    for (int c = 0; c < h; c++) {
      for (int i = 0; i < h; i++) {
        double v = i == c ? 1 : 0;
        for (int k = 0; k < i; k++) {
          v -= l[i * h + k] * inv[k * h + c];
        }
        inv[i * h + c] = v / l[i * h + i];
      }
    }
    float[] out = new float[h * h];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < h; j++) {
        double v = 0;
        for (int k = Math.max(i, j); k < h; k++) {
          v += inv[k * h + i] * inv[k * h + j];
        }
        out[i * h + j] = (float) v;
      }
    }
    return out;
  }

  private static double[] cholesky(double[] a, int h) {
    double[] l = new double[h * h];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j <= i; j++) {
        double v = a[i * h + j];
        for (int k = 0; k < j; k++) {
          v -= l[i * h + k] * l[j * h + k];
        }
        if (i == j) {
          if (v <= 0) {
            throw new IllegalArgumentException("the feature covariance is not positive definite");
          }
          l[i * h + i] = Math.sqrt(v);
        } else {
          l[i * h + j] = v / l[j * h + j];
        }
      }
    }
    return l;
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
