package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.sampling.TrustVerdict;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.Arrays;

/**
 * Learns a bundle's trust thresholds ({@link Manifest.TrustSpec}) after training from the task's
 * validation inputs, measured at the app's default M ({@link TrustVerdict#learn}), so that the
 * verdict flags about {@link #FALSE_ALARM_RATE} of in-distribution inputs and, by how far an
 * input falls outside them, the inputs the model was never meant for.
 */
public final class TrustCalibration {
  /** The declared share of in-distribution inputs the verdict may flag. */
  public static final double FALSE_ALARM_RATE = 0.05;
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
    double[] contrast = null;
    if (validation.inputShape().length == 3) {
      int size = model.spec().inputSize();
      contrast = new double[n];
      for (int r = 0; r < n; r++) {
        contrast[r] = TrustVerdict.contrast(inputs, r * size, size, (int) validation.inputShape()[0]);
      }
    }
    return TrustVerdict.learn(FALSE_ALARM_RATE, SamplingDefaults.SAMPLES, signals.logPartition(),
        signals.essFraction(), signals.projection(), signals.width(), contrast);
  }
}
