package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.sampling.TrustVerdict;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.Arrays;

/**
 * Learns a bundle's trust thresholds ({@link Manifest.TrustSpec}) after training: the quantiles of
 * log Z(x) and ESS / M over the task's validation inputs, at the app's default M, so that
 * {@link TrustVerdict} flags about {@link #FALSE_ALARM_RATE} of in-distribution inputs and, by
 * how far an input falls below them, the inputs the model was never meant for.
 */
public final class TrustCalibration {
  /** The declared share of in-distribution inputs the verdict may flag. */
  public static final double FALSE_ALARM_RATE = 0.05;
  /** Quantile levels stored: every 0.5%. */
  public static final int LEVELS = 201;
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
    float[][] signals = evaluator.trustSignals(inputs, validation.inputShape(), SamplingDefaults.SAMPLES);
    return new Manifest.TrustSpec(FALSE_ALARM_RATE, SamplingDefaults.SAMPLES, n,
        TrustVerdict.quantiles(toDouble(signals[0]), LEVELS), TrustVerdict.quantiles(toDouble(signals[1]), LEVELS));
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
