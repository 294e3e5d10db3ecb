package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.CentralIntervals;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the bundle's calibration after training: the temperature of {@link TemperatureScaling} on
 * the task's labelled validation split, at the app's default M, so that the spreads the app serves
 * (and the trainer's test metrics, which use the same temperature) are calibrated by default.
 */
public final class EnergyCalibration {
  private static final Logger LOG = LoggerFactory.getLogger(EnergyCalibration.class);
  /** At most this many validation inputs are used (the first ones). */
  static final int MAX_INPUTS = 1000;
  private static final int NINETY = CentralIntervals.indexOf(0.9);

  private EnergyCalibration() {}

  /**
   * The calibration of {@code model} on {@code validation}; null when the model has no EBM and
   * proposal or the split has fewer than {@link TemperatureScaling#MIN_INPUTS} inputs (served at T = 1).
   */
  public static Manifest.CalibrationSpec of(ProbabilisticRegressor model, RegressionDataset validation,
      EnergyEvaluator evaluator) {
    if (validation == null || !model.spec().energy() || !model.spec().hasProposal()
        || validation.size() < TemperatureScaling.MIN_INPUTS) {
      return null;
    }
    int n = Math.min(MAX_INPUTS, validation.size());
    int d = model.spec().targetDim();
    TemperatureScaling.Evidence evidence = evaluator.calibrationEvidence(
        Arrays.copyOf(validation.inputs(), n * model.spec().inputSize()), validation.inputShape(),
        Arrays.copyOf(validation.targets(), n * d), SamplingDefaults.SAMPLES);
    TemperatureScaling.Fit fit = TemperatureScaling.fit(evidence);
    LOG.info("calibration on {} validation inputs: temperature {}, NLL {} -> {}, 90% interval coverage {} -> {}",
        n, String.format(Locale.ROOT, "%.3f", fit.temperature()), String.format(Locale.ROOT, "%.4f", fit.nllBefore()),
        String.format(Locale.ROOT, "%.4f", fit.nllAfter()), percent(fit.coverageBefore()[NINETY]),
        percent(fit.coverageAfter()[NINETY]));
    return fit.toSpec("validation split (" + n + " inputs)", null);
  }

  /** The evaluator that scores {@code raw}'s model as calibrated by {@code calibration} (null: as trained). */
  public static EnergyEvaluator apply(Manifest.CalibrationSpec calibration, EnergyEvaluator raw) {
    return calibration == null ? raw : raw.withTemperature(calibration.temperature());
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
