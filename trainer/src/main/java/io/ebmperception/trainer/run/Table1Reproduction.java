package io.ebmperception.trainer.run;

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
 * Reproduces the paper's Table 1: dataset 1 scored by KL and dataset 2 by test NLL, for NCE with
 * the paper's hand-tuned noise and for the joint method with K ∈ {1, 4, 16}. Every setting runs
 * with seeds 1..R; the table gives the mean of the B best runs (the paper: 5 best of 20) beside
 * the mean and spread of all runs, and the paper's number.
 */
public final class Table1Reproduction {
  private static final Logger LOG = LoggerFactory.getLogger(Table1Reproduction.class);

  /** One row of the table. */
  public record Setting(String dataset, String label, Method method, int components,
      float[] sigmas, String metric, double paper) {
    /** A short id such as {@code toy1/nce} or {@code toy2/ours-k16}. */
    public String id() {
      return dataset + "/" + (method == Method.NCE ? "nce" : "ours-k" + components);
    }
  }

  /** The result of one setting over all its runs. */
  public record Row(Setting setting, List<Double> values, double meanOfBest, double mean,
      double std, double meanWallSeconds) {}

  private final int runs;
  private final int best;
  private final int epochs;
  private final Path output;
  private final boolean progress;

  /**
   * @param runs     runs per setting (seeds 1..runs)
   * @param best     how many of the best runs are averaged
   * @param epochs   epochs per run (the paper: 75)
   * @param output   folder for the run folders and the table
   * @param progress whether to show progress bars
   */
  public Table1Reproduction(int runs, int best, int epochs, Path output, boolean progress) {
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

  /** The settings of Table 1 for {@code dataset} ({@code toy1}, {@code toy2} or {@code all}). */
  public static List<Setting> settings(String dataset) {
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
      throw new IllegalArgumentException("dataset must be toy1, toy2 or all, got " + dataset);
    }
    return some;
  }

  /** Runs every setting and writes {@code table1.md} and {@code table1.json} into the output folder. */
  public List<Row> run(List<Setting> settings) {
    Map<String, Task> tasks = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    for (Setting s : settings) {
      Task task = tasks.computeIfAbsent(s.dataset(), d -> new TaskSource(d, null, null, null).resolve());
      List<Double> values = new ArrayList<>();
      double wall = 0;
      for (int seed = 1; seed <= runs; seed++) {
        TrainingConfig config = TrainingConfig.builder().method(s.method()).components(s.components())
            .noiseSigmas(s.sigmas()).epochs(epochs).seed(seed).build();
        Path dir = output.resolve(s.dataset()).resolve(slug(s)).resolve("seed-" + seed);
        ExperimentResult r = Experiment.builder().source(new TaskSource(s.dataset(), null, null, null))
            .task(task).config(config).output(dir).progress(progress).checkpointEvery(0).build().run();
        values.add(r.metrics().get(s.metric()));
        wall += r.training().wallSeconds();
        LOG.info("{} {} seed {}: {} = {}", s.dataset(), s.label(), seed, s.metric(),
            String.format(Locale.ROOT, "%.4f", r.metrics().get(s.metric())));
      }
      rows.add(summarise(s, values, wall / runs));
      write(rows);
    }
    return rows;
  }

  private Row summarise(Setting s, List<Double> values, double wall) {
    List<Double> sorted = values.stream().sorted().toList();
    double meanBest = sorted.subList(0, best).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.size() - 1);
    return new Row(s, values, meanBest, mean, Math.sqrt(var), wall);
  }

  private void write(List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT,
        "| dataset | method | metric | paper | ours: mean of %d best of %d | ours: mean ± std of all | s per run |%n",
        best, runs));
    md.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      Setting s = r.setting();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.4f | %.4f ± %.4f | %.0f |%n",
          s.dataset(), s.label(), s.metric(), Double.isNaN(s.paper()) ? "–" : String.format(Locale.ROOT, "%.3f", s.paper()),
          r.meanOfBest(), r.mean(), r.std(), r.meanWallSeconds()));
    }
    try {
      Files.createDirectories(output);
      Files.writeString(output.resolve("table1.md"), md);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RunFolder.writeJson(output.resolve("table1.json"), rows);
  }

  private static String slug(Setting s) {
    return s.method().id().replace("+", "-") + "-k" + s.components();
  }
}
