package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.sampling.CentralIntervals;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Calibration of the EBM on held-out data: the share of labels inside its central 50, 80, 90 and
 * 95% intervals ({@link CentralIntervals}, from M importance-weighted proposal samples as the app
 * computes them), pooled over the target dimensions ({@code coverage_90}) and, for D > 1, per
 * dimension ({@code coverage_90_yaw}), and of its joint highest-density regions over all D
 * dimensions ({@code region_coverage_90}, {@link TemperatureScaling#regionCoverage}). A calibrated
 * model covers each level's share.
 */
public final class IntervalCoverage {
  /** Metric name prefix: {@code coverage_50}, {@code coverage_80}, {@code coverage_90}, {@code coverage_95}. */
  public static final String PREFIX = "coverage_";
  /** At most this many inputs are used (the first ones). */
  static final int MAX_INPUTS = 1000;

  private IntervalCoverage() {}

  /** The metric of one level, pooled over dimensions: {@code coverage_90} for 0.9. */
  public static String name(double level) {
    return PREFIX + Math.round(100 * level);
  }

  /** The coverage metrics of {@code model} (an EBM with a proposal) on {@code data}. */
  public static Map<String, Double> of(ProbabilisticRegressor model, RegressionDataset data, EnergyEvaluator evaluator) {
    int n = Math.min(MAX_INPUTS, data.size());
    int d = data.targetDim();
    // one set of weighted samples for the intervals and the regions, at the evaluator's temperature
    TemperatureScaling.Evidence evidence = evaluator.calibrationEvidence(
        Arrays.copyOf(data.inputs(), n * model.spec().inputSize()), data.inputShape(),
        Arrays.copyOf(data.targets(), n * d), SamplingDefaults.SAMPLES);
    double[][] perDimension = TemperatureScaling.coveragePerDimension(evidence, evaluator.temperature());
    double[] region = TemperatureScaling.regionCoverage(evidence, evaluator.temperature());
    double[] levels = CentralIntervals.levels();
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int l = 0; l < levels.length; l++) {
      String name = name(levels[l]);
      metrics.put(name, Arrays.stream(perDimension[l]).average().orElse(Double.NaN));
      for (int k = 0; k < d && d > 1; k++) {
        metrics.put(name + "_" + data.targetNames().get(k).toLowerCase(Locale.ROOT), perDimension[l][k]);
      }
    }
    for (int l = 0; l < levels.length; l++) {
      metrics.put("region_" + name(levels[l]), region[l]);
    }
    return metrics;
  }
}
