package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.sampling.TrustVerdict;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.Arrays;

/**
 * Learns a bundle's trust thresholds ({@link Manifest.TrustSpec}) after training: the quantiles of
 * log Z(x), of ESS / M and of the Mahalanobis distance of the input's projection over the task's
 * validation inputs, at the app's default M, so that
 * {@link TrustVerdict} flags about {@link #FALSE_ALARM_RATE} of in-distribution inputs and, by
 * how far an input falls below them, the inputs the model was never meant for.
 */
public final class TrustCalibration {
  /** The declared share of in-distribution inputs the verdict may flag. */
  public static final double FALSE_ALARM_RATE = 0.05;
  /** Quantile levels stored: every 0.5%. */
  public static final int LEVELS = 201;
  /**
   * Shrinkage of the feature covariance towards its mean variance: with 500 validation inputs and
   * 128 features the sample covariance is noisy in its smallest directions, which would make every
   * new input look far away.
   */
  static final double SHRINKAGE = 0.1;
  /** An image below this share of the lowest validation contrast shows next to nothing. */
  static final double CONTRAST_FLOOR = 0.5;
  /** At most this many validation inputs are used (the first ones). */
  static final int MAX_INPUTS = 2000;

  private TrustCalibration() {}

  /**
   * The thresholds of {@code model} (which must have an EBM and a proposal) on {@code validation};
   * null when it has none of those or fewer than 20 validation inputs.
   */
  public static Manifest.TrustSpec of(ProbabilisticRegressor model, RegressionDataset validation,
      EnergyEvaluator evaluator) {
    if (validation == null || !model.spec().energy() || !model.spec().hasProposal() || validation.size() < 20) {
      return null;
    }
    int n = Math.min(MAX_INPUTS, validation.size());
    float[] inputs = Arrays.copyOf(validation.inputs(), n * model.spec().inputSize());
    EnergyEvaluator.TrustSignals signals = evaluator.trustSignals(inputs, validation.inputShape(),
        SamplingDefaults.SAMPLES);
    int h = signals.width();
    double[] rows = toDouble(signals.projection());
    double[] mean = new double[h];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < h; i++) {
        mean[i] += rows[r * h + i] / n;
      }
    }
    float[] precision = TrustVerdict.precision(rows, n, h, mean, SHRINKAGE);
    float[] meanF = toFloat(mean);
    double[] distances = new double[n];
    for (int r = 0; r < n; r++) {
      distances[r] = TrustVerdict.squaredDistance(meanF, precision, signals.projection(), r * h);
    }
    int size = model.spec().inputSize();
    boolean image = validation.inputShape().length == 3;
    double[] contrast = new double[n];
    for (int r = 0; r < n && image; r++) {
      contrast[r] = TrustVerdict.contrast(inputs, r * size, size, (int) validation.inputShape()[0]);
    }
    return new Manifest.TrustSpec(FALSE_ALARM_RATE, SamplingDefaults.SAMPLES, n,
        TrustVerdict.quantiles(toDouble(signals.logPartition()), LEVELS),
        TrustVerdict.quantiles(toDouble(signals.essFraction()), LEVELS), meanF, precision,
        TrustVerdict.quantiles(distances, LEVELS),
        image ? (float) (CONTRAST_FLOOR * java.util.Arrays.stream(contrast).min().orElse(0)) : null);
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
