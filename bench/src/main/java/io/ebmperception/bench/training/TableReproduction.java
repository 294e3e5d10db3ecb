package io.ebmperception.bench.training;

import io.ebmperception.trainer.data.ScaleCropAugmentation;
import io.ebmperception.trainer.eval.IntervalCoverage;
import io.ebmperception.trainer.run.Experiment;
import io.ebmperception.trainer.run.ExperimentResult;
import io.ebmperception.trainer.run.RunFolder;
import io.ebmperception.trainer.run.Task;
import io.ebmperception.trainer.run.TaskSource;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reproduces the paper's tables. {@code table1}: dataset 1 scored by KL and dataset 2 by test NLL,
 * for NCE with the paper's hand-tuned noise and for the joint method with K ∈ {1, 4, 16}.
 * {@code images}: the synthetic steering ({@code roads}) and head-pose ({@code heads}) tasks, with
 * NCE over a sweep of noise σ and the joint method K = 4 scored by the EBM's grid NLL, and the MDN
 * trained by NLL or with the EBM as teacher (K = 4, 8) scored by the MDN's exact NLL. Every
 * setting runs with seeds 1..R; the table gives the mean of the B best runs (the paper: 5 best of
 * 20) beside the mean and spread of all runs, and the paper's number on its real dataset.
 */
public final class TableReproduction {
  private static final Logger LOG = LoggerFactory.getLogger(TableReproduction.class);

  /** One row of the table. */
  public record Setting(String dataset, String label, Method method, int components,
      float[] sigmas, String metric, double paper, boolean augment) {
    /** A setting without augmentation. */
    public Setting(String dataset, String label, Method method, int components, float[] sigmas,
        String metric, double paper) {
      this(dataset, label, method, components, sigmas, metric, paper, false);
    }

    /**
     * A short id such as {@code toy1/nce}, {@code toy2/ours-k16}, {@code heads/nce-s1-40} or
     * {@code roads/mdn-teacher-k8}.
     */
    public String id() {
      String tail = switch (method) {
        case NCE -> toy() ? "nce" : String.format(Locale.ROOT, "nce-s%s-%s", trim(sigmas[0]), trim(sigmas[1]));
        case MDN_NLL -> "mdn-nll-k" + components;
        case MDN_TEACHER -> "mdn-teacher-k" + components;
        default -> "ours-k" + components;
      };
      return dataset + "/" + tail + (augment ? "-aug" : "");
    }

    private boolean toy() {
      return dataset.startsWith("toy");
    }

    private static String trim(float v) {
      return v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v);
    }
  }

  /** The result of one setting over all its runs. */
  /**
   * One setting's results. {@code values} are the paper's metric of the trained model (the EBM before
   * its calibration, as the paper scores it); the calibration columns are means over the runs (NaN
   * where a method has no EBM to calibrate).
   *
   * @param calibratedMean     the metric of the EBM at its fitted temperature
   * @param temperature        the fitted temperature
   * @param coverageTrained    the 90% interval's test coverage before the calibration
   * @param coverageCalibrated the same after it
   */
  public record Row(Setting setting, List<Double> values, double meanOfBest, double mean,
      double std, double meanWallSeconds, double calibratedMean, double temperature, double coverageTrained,
      double coverageCalibrated) {}

  /** Base name of the table files written into the output folder. */
  public static final String TABLE_FILE = "table";

  private final int runs;
  private final int firstSeed;
  private final int best;
  private final int epochs;
  private final Path output;
  private final boolean progress;

  /**
   * @param runs     runs per setting (seeds firstSeed..firstSeed + runs - 1)
   * @param firstSeed the first seed (1 for the paper's protocol; another to split the seeds of one
   *                 table over several processes)
   * @param best     how many of the best runs are averaged
   * @param epochs   epochs per run (the paper: 75)
   * @param output   folder for the run folders and the table
   * @param progress whether to show progress bars
   */
  public TableReproduction(int runs, int firstSeed, int best, int epochs, Path output, boolean progress) {
    if (firstSeed < 1) {
      throw new IllegalArgumentException("the first seed must be >= 1, got " + firstSeed);
    }
    this.firstSeed = firstSeed;
    if (runs < 1 || best < 1 || best > runs) {
      throw new IllegalArgumentException("need 1 <= best <= runs, got best " + best + ", runs " + runs);
    }
    this.runs = runs;
    this.best = best;
    this.epochs = epochs;
    this.output = output;
    this.progress = progress;
  }

  /**
   * The settings of Table 1 for {@code dataset} ({@code toy1}, {@code toy2} or {@code all}),
   * restricted to the given ids ({@link Setting#id()}) unless {@code only} is empty.
   */
  public static List<Setting> settings(String dataset, List<String> only) {
    List<Setting> chosen = settings(dataset);
    if (only.isEmpty()) {
      return chosen;
    }
    List<Setting> some = chosen.stream().filter(s -> only.contains(s.id())).toList();
    if (some.size() != only.size()) {
      throw new IllegalArgumentException("unknown setting in " + only + "; choose from "
          + chosen.stream().map(Setting::id).toList());
    }
    return some;
  }

  /**
   * The settings of {@code dataset}: {@code toy1}, {@code toy2} or {@code all} (Table 1), or
   * {@code roads}, {@code heads} or {@code images} (the image tasks).
   */
  public static List<Setting> settings(String dataset) {
    if (List.of("roads", "heads", "images").contains(dataset)) {
      List<Setting> images = new ArrayList<>();
      if (!"heads".equals(dataset)) {
        images.addAll(imageSettings("roads", new double[] {1.39, 1.58, 1.45, 1.25, 1.00, Double.NaN}));
      }
      if (!"roads".equals(dataset)) {
        images.addAll(imageSettings("heads", new double[] {10.73, 9.51, 11.02, Double.NaN, 8.69, Double.NaN}));
      }
      return images;
    }
    List<Setting> all = List.of(
        new Setting("toy1", "NCE (σ1 = 0.1, σ2 = 0.8)", Method.NCE, 1, new float[] {0.1f, 0.8f}, Task.KL, 0.036),
        new Setting("toy1", "ours, K = 1", Method.NCE_KL, 1, new float[] {0.1f, 0.8f}, Task.KL, Double.NaN),
        new Setting("toy1", "ours, K = 4", Method.NCE_KL, 4, new float[] {0.1f, 0.8f}, Task.KL, 0.032),
        new Setting("toy1", "ours, K = 16", Method.NCE_KL, 16, new float[] {0.1f, 0.8f}, Task.KL, Double.NaN),
        new Setting("toy2", "NCE (σ1 = 0.4, σ2 = 3.2)", Method.NCE, 1, new float[] {0.4f, 3.2f}, Task.TEST_NLL_EBM, 1.67),
        new Setting("toy2", "ours, K = 1", Method.NCE_KL, 1, new float[] {0.4f, 3.2f}, Task.TEST_NLL_EBM, 1.69),
        new Setting("toy2", "ours, K = 4", Method.NCE_KL, 4, new float[] {0.4f, 3.2f}, Task.TEST_NLL_EBM, 1.67),
        new Setting("toy2", "ours, K = 16", Method.NCE_KL, 16, new float[] {0.4f, 3.2f}, Task.TEST_NLL_EBM, 1.65));
    if ("all".equals(dataset)) {
      return all;
    }
    List<Setting> some = all.stream().filter(s -> s.dataset().equals(dataset)).toList();
    if (some.isEmpty()) {
      throw new IllegalArgumentException(
          "dataset must be toy1, toy2, all, roads, heads or images, got " + dataset);
    }
    return some;
  }

  /**
   * The image settings of one task; {@code paper} holds the paper's numbers on the real dataset
   * (best NCE, ours K = 4, MDN by NLL K = 4 and 8, MDN with teacher K = 4 and 8; NaN: not reported).
   */
  private static List<Setting> imageSettings(String dataset, double[] paper) {
    List<Setting> list = new ArrayList<>();
    float[][] sweep = {{1f, 8f}, {1f, 40f}, {4f, 32f}};
    for (float[] s : sweep) {
      list.add(new Setting(dataset, String.format(Locale.ROOT, "NCE (σ1 = %s, σ2 = %s)", s[0], s[1]),
          Method.NCE, 1, s, Task.TEST_NLL_EBM, paper[0]));
    }
    float[] unused = sweep[0];
    list.add(new Setting(dataset, "ours, K = 4", Method.NCE_KL, 4, unused, Task.TEST_NLL_EBM, paper[1]));
    list.add(new Setting(dataset, "MDN by NLL, K = 4", Method.MDN_NLL, 4, unused, Task.TEST_NLL_MDN, paper[2]));
    list.add(new Setting(dataset, "MDN by NLL, K = 8", Method.MDN_NLL, 8, unused, Task.TEST_NLL_MDN, paper[3]));
    list.add(new Setting(dataset, "MDN with EBM teacher, K = 4", Method.MDN_TEACHER, 4, unused, Task.TEST_NLL_MDN, paper[4]));
    list.add(new Setting(dataset, "MDN with EBM teacher, K = 8", Method.MDN_TEACHER, 8, unused, Task.TEST_NLL_MDN, paper[5]));
    if ("heads".equals(dataset)) { // the reference's head-pose augmentation, for its effect
      list.add(new Setting(dataset, "ours, K = 4, scale-crop", Method.NCE_KL, 4, unused, Task.TEST_NLL_EBM, paper[1], true));
      list.add(new Setting(dataset, "MDN by NLL, K = 4, scale-crop", Method.MDN_NLL, 4, unused, Task.TEST_NLL_MDN, paper[2], true));
    }
    return list;
  }

  /** Runs every setting and writes {@code table.md} and {@code table.json} into the output folder. */
  public List<Row> run(List<Setting> settings) {
    Map<String, Task> tasks = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    for (Setting s : settings) {
      Task task = tasks.computeIfAbsent(s.dataset(), d -> new TaskSource(d, null, null, null).resolve());
      List<Double> values = new ArrayList<>();
      List<Map<String, Double>> metrics = new ArrayList<>();
      double wall = 0;
      for (int seed = firstSeed; seed < firstSeed + runs; seed++) {
        TrainingConfig config = task.defaults().apply(TrainingConfig.builder(), s.method())
            .components(s.components())
            .noiseSigmas(s.sigmas()).epochs(epochs).seed(seed)
            .schedule(task.defaults().schedule(s.method()).fitTo(epochs))
            .augmentation(s.augment() ? ScaleCropAugmentation.headPose() : null).build();
        Path dir = output.resolve(s.id()).resolve("seed-" + seed);
        ExperimentResult r = Experiment.builder().source(new TaskSource(s.dataset(), null, null, null))
            .task(task).config(config).output(dir).progress(progress).checkpointEvery(0).validationCurve(false)
            .build().run();
        values.add(r.metrics().getOrDefault(Task.UNCALIBRATED + s.metric(), r.metrics().get(s.metric())));
        metrics.add(r.metrics());
        wall += r.training().wallSeconds();
        LOG.info("{} {} seed {}: {} = {}", s.dataset(), s.label(), seed, s.metric(),
            String.format(Locale.ROOT, "%.4f", values.get(values.size() - 1)));
      }
      rows.add(summarise(s, values, wall / runs, metrics));
      write(rows);
    }
    return rows;
  }

  private Row summarise(Setting s, List<Double> values, double wall, List<Map<String, Double>> metrics) {
    List<Double> sorted = values.stream().sorted().toList();
    double meanBest = sorted.subList(0, best).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.size() - 1);
    String coverage = IntervalCoverage.name(0.9);
    return new Row(s, values, meanBest, mean, Math.sqrt(var), wall,
        meanOf(metrics, m -> m.containsKey(Task.TEMPERATURE) ? m.get(s.metric()) : null),
        meanOf(metrics, m -> m.get(Task.TEMPERATURE)),
        meanOf(metrics, m -> m.getOrDefault(Task.UNCALIBRATED + coverage, m.get(coverage))),
        meanOf(metrics, m -> m.get(coverage)));
  }

  /** The mean over the runs of what {@code value} reads from each (null: not there), NaN when no run has it. */
  private static double meanOf(List<Map<String, Double>> metrics,
      java.util.function.Function<Map<String, Double>, Double> value) {
    return metrics.stream().map(value).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue)
        .average().orElse(Double.NaN);
  }

  private static String figure(double value, String format) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
  }

  private void write(List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT,
        "| dataset | method | metric | paper | ours: mean of %d best of %d | ours: mean ± std of all "
            + "| calibrated: T, mean | 90%% coverage: trained → calibrated | s per run |%n",
        best, runs));
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      Setting s = r.setting();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.4f | %.4f ± %.4f | %s | %s | %.0f |%n",
          s.dataset(), s.label(), s.metric(), Double.isNaN(s.paper()) ? "–" : String.format(Locale.ROOT, "%.3f", s.paper()),
          r.meanOfBest(), r.mean(), r.std(),
          Double.isNaN(r.temperature()) ? "–" : figure(r.temperature(), "%.2f") + ", " + figure(r.calibratedMean(), "%.4f"),
          Double.isNaN(r.coverageTrained()) ? "–" : figure(100 * r.coverageTrained(), "%.1f%%") + " → "
              + figure(100 * r.coverageCalibrated(), "%.1f%%"),
          r.meanWallSeconds()));
    }
    try {
      Files.createDirectories(output);
      Files.writeString(output.resolve(TABLE_FILE + ".md"), md);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RunFolder.writeJson(output.resolve(TABLE_FILE + ".json"), rows);
  }

}
