package io.ebmperception.stream.report;

import io.ebmperception.schemas.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores a run's predictions against the labels they carry: MAE of the mean, Gaussian NLL of the
 * label under N(mean, diag covariance), coverage of the central 90% interval mean ± 1.645 σ per
 * dimension, the distribution of the effective sample size, and latency percentiles (capture to
 * emit, and the app's own total).
 *
 * @param predictions      predictions read
 * @param labelled         of which carried a label
 * @param mae              mean absolute error over labelled predictions and dimensions
 * @param maePerDimension  mean absolute error of each target dimension (yaw, pitch, roll, ...)
 * @param meanLabelMae     per dimension, the MAE of always predicting the labels' mean: the
 *                         baseline a model must beat to have learned anything from the images
 * @param gaussianNll      mean NLL of the labels (nats)
 * @param coverage90       share of label values inside the 90% interval
 * @param essPercentiles   ESS at p5, p50, p95
 * @param endToEndMs       capture → emit latency at p50, p95, p99
 * @param appMs            the app's own total latency at p50, p95, p99
 * @param modes            best-mode error and mode recall beside the mean's
 * @param intervalCoverage per level of the predictions' central intervals (50, 80, 90, 95%), per
 *                         dimension: the share of labels inside ({@code [L][D]}; empty when the
 *                         records carry no intervals)
 * @param judged           predictions that carry a trust verdict
 * @param untrusted        of those, the ones judged untrusted
 * @param targetNames      the target dimensions' names the predictions carry (empty: records before version 4)
 * @param targetUnits      their units ("" where none is declared)
 */
public record PredictionReport(int predictions, int labelled, double mae, double[] maePerDimension,
    double[] meanLabelMae, double gaussianNll, double coverage90, double[] essPercentiles, double[] endToEndMs, double[] appMs,
    ModeReport modes, double[][] intervalCoverage, int judged, int untrusted, List<String> targetNames,
    List<String> targetUnits) {

  /** Computes the report. */
  public static PredictionReport of(List<Prediction> all) {
    double absErr = 0;
    double nll = 0;
    int covered = 0;
    int values = 0;
    int labelled = 0;
    List<Double> ess = new ArrayList<>();
    List<Double> e2e = new ArrayList<>();
    List<Double> app = new ArrayList<>();
    double[] perDim = new double[all.isEmpty() ? 0 : all.get(0).getTargetDim()];
    List<List<Float>> labels = new ArrayList<>();
    int judged = 0;
    int untrusted = 0;
    double[][] inside = null;
    int withIntervals = 0;
    for (Prediction p : all) {
      if (p.getLabel() != null && !p.getIntervals().isEmpty()) {
        int d = p.getTargetDim();
        if (inside == null) {
          inside = new double[p.getIntervals().size()][d];
        }
        withIntervals++;
        for (int l = 0; l < inside.length && l < p.getIntervals().size(); l++) {
          var interval = p.getIntervals().get(l);
          for (int k = 0; k < d && k < inside[l].length; k++) {
            float y = p.getLabel().get(k);
            inside[l][k] += y >= interval.getLower().get(k) && y <= interval.getUpper().get(k) ? 1 : 0;
          }
        }
      }
      if (p.getTrusted() != null) {
        judged++;
        untrusted += p.getTrusted() ? 0 : 1;
      }
      ess.add(p.getEffectiveSampleSize());
      e2e.add((double) (p.getEmitTimestampMs().toEpochMilli() - p.getCaptureTimestampMs().toEpochMilli()));
      app.add(p.getLatencyMs().getOrDefault("total", Double.NaN));
      if (p.getLabel() == null) {
        continue;
      }
      labelled++;
      labels.add(p.getLabel());
      int d = p.getTargetDim();
      for (int k = 0; k < d; k++) {
        double mean = p.getMean().get(k);
        double var = Math.max(p.getCovariance().get(k * d + k), 1e-12);
        double y = p.getLabel().get(k);
        absErr += Math.abs(y - mean);
        if (k < perDim.length) {
          perDim[k] += Math.abs(y - mean);
        }
        nll += 0.5 * (Math.log(2 * Math.PI * var) + (y - mean) * (y - mean) / var);
        covered += Math.abs(y - mean) <= 1.6449 * Math.sqrt(var) ? 1 : 0;
        values++;
      }
    }
    for (int k = 0; k < perDim.length; k++) {
      perDim[k] = labelled == 0 ? Double.NaN : perDim[k] / labelled;
    }
    return new PredictionReport(all.size(), labelled, values == 0 ? Double.NaN : absErr / values, perDim,
        meanLabelMae(labels, perDim.length), labelled == 0 ? Double.NaN : nll / labelled, values == 0 ? Double.NaN : (double) covered / values,
        percentiles(ess, 5, 50, 95), percentiles(e2e, 50, 95, 99), percentiles(app, 50, 95, 99),
        ModeReport.of(all), coverage(inside, withIntervals), judged, untrusted,
        all.isEmpty() ? List.of() : all.get(0).getTargetNames(), all.isEmpty() ? List.of() : all.get(0).getTargetUnits());
  }

  /** The one unit all dimensions share (" deg"), or "" when they differ or none is declared. */
  private String sharedUnit() {
    return targetUnits.isEmpty() || targetUnits.stream().distinct().count() != 1 || targetUnits.get(0).isEmpty() ? ""
        : " " + targetUnits.get(0);
  }

  /** {@code values} per dimension, named where the predictions say what they are: "yaw 4.2 / pitch 4.5 / roll 4.6". */
  private String perDimension(double[] values) {
    if (targetNames.size() != values.length) {
      return fmt(values);
    }
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < values.length; k++) {
      parts.add(String.format(Locale.ROOT, "%s %.1f", targetNames.get(k), values[k]));
    }
    return String.join(" / ", parts);
  }

  /** Per dimension, the MAE of predicting the mean of the labels for every frame. */
  static double[] meanLabelMae(List<List<Float>> labels, int d) {
    double[] mean = new double[d];
    double[] mae = new double[d];
    for (int k = 0; k < d; k++) {
      for (List<Float> y : labels) {
        mean[k] += y.get(k) / (double) labels.size();
      }
      for (List<Float> y : labels) {
        mae[k] += Math.abs(y.get(k) - mean[k]) / labels.size();
      }
      mae[k] = labels.isEmpty() ? Double.NaN : mae[k];
    }
    return mae;
  }

  static double[] percentiles(List<Double> values, double... ps) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
    double[] out = new double[ps.length];
    for (int i = 0; i < ps.length; i++) {
      out[i] = sorted.length == 0 ? Double.NaN
          : sorted[(int) Math.min(sorted.length - 1, Math.floor(ps[i] / 100.0 * sorted.length))];
    }
    return out;
  }

  /** A few lines for the terminal; without labels, only what needs none (ESS, latency, modes, trust). */
  public String format() {
    if (labelled == 0) {
      return String.format(Locale.ROOT, """
          predictions: %d, none with labels: accuracy and coverage are not scored
          ESS p5 / p50 / p95: %s
          capture->emit latency ms p50 / p95 / p99: %s
          app latency ms p50 / p95 / p99: %s
          %s
          %s""", predictions, fmt(essPercentiles), fmt(endToEndMs), fmt(appMs), modes.format(), trustLine());
    }
    return String.format(Locale.ROOT, """
        predictions: %d (%d with labels)
        MAE: %.3f%s%s, always predicting the mean label: %s
        Gaussian NLL: %.3f   90%% interval coverage: %.1f%%
        %s
        ESS p5 / p50 / p95: %s
        capture->emit latency ms p50 / p95 / p99: %s
        app latency ms p50 / p95 / p99: %s
        %s
        %s""", predictions, labelled, mae, sharedUnit(),
        targetNames.size() == maePerDimension.length ? " (" + perDimension(maePerDimension) + ")"
            : maePerDimension.length > 1 ? " (per dimension " + fmt(maePerDimension) + ")" : "",
        perDimension(meanLabelMae), gaussianNll, 100 * coverage90, intervalLine(),
        fmt(essPercentiles), fmt(endToEndMs), fmt(appMs), modes.format(), trustLine());
  }

  private static double[][] coverage(double[][] inside, int n) {
    if (inside == null) {
      return new double[0][];
    }
    for (double[] level : inside) {
      for (int k = 0; k < level.length; k++) {
        level[k] /= n;
      }
    }
    return inside;
  }

  /** Coverage of the EBM's own central intervals per dimension, or why there is none. */
  private String intervalLine() {
    if (intervalCoverage.length == 0) {
      return "central intervals: none in these records (no labels, or records written before version 3)";
    }
    StringBuilder s = new StringBuilder("coverage of the EBM's central 50 / 80 / 90 / 95% intervals:");
    for (int k = 0; k < intervalCoverage[0].length; k++) {
      s.append(k == 0 ? " " : "; ").append(targetNames.size() == intervalCoverage[0].length && targetNames.size() > 1
          ? targetNames.get(k) + " " : intervalCoverage[0].length > 1 ? "dimension " + (k + 1) + " " : "");
      for (int l = 0; l < intervalCoverage.length; l++) {
        s.append(String.format(Locale.ROOT, l == 0 ? "%.1f" : " / %.1f", 100 * intervalCoverage[l][k]));
      }
      s.append('%');
    }
    return s.toString();
  }

  /** The share of untrusted predictions, or why there is none. */
  private String trustLine() {
    if (judged == 0) {
      return "trust: no verdicts (the bundle has no trust thresholds, or records written before version 3)";
    }
    return String.format(Locale.ROOT, "trust: %d of %d predictions untrusted (%.1f%%): inputs unlike the model's validation data",
        untrusted, judged, 100.0 * untrusted / judged);
  }

  private static String fmt(double[] v) {
    return String.join(" / ", Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
  }
}
