package io.ebmperception.bench.serving;

import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.ModeRefiner;
import io.ebmperception.stream.inference.ModelLoader;
import io.ebmperception.stream.report.ModeReport;
import io.ebmperception.stream.report.PredictionReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ebm bench-modes}: what the modes of a prediction add to its mean, and what finding
 * them costs. For each mode-search setting the labelled recording goes through the app's pipeline
 * (without Kafka); the table gives the mean's MAE beside the best mode's and the heaviest mode's,
 * the share of labels within 2σ of the mean and of some mode, and the time of the weights stage
 * (where the modes are found) and of refinement per frame. With {@code --groups} each setting is also scored per group
 * of frames (forks apart from straight road).
 */
@Command(name = "bench-modes", mixinStandardHelpOptions = true,
    description = {"Best-mode error, mode recall and cost of mode search on a labelled recording,",
        "for several kernel bandwidths (0: mode search off); prints a Markdown table."})
public final class ModesBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  LabelledRecording recording;

  @Option(names = "--groups", paramLabel = "CSV",
      description = "Optional: frame index and a group name per line (header frame,group), to score groups apart.")
  Path groups;

  @Option(names = "--bandwidths", split = ",", defaultValue = "0,0.5,0.75,1,1.5",
      description = "Kernel radii as multiples of Silverman's rule; 0 is mode search off. Default: ${DEFAULT-VALUE}.")
  double[] bandwidths;

  @Option(names = "--components", description = "Add a row for mode search by proposal component.")
  boolean components;

  @Option(names = "--refine", split = ",",
      description = "Also rows with the default mode search and this many refinement steps (e.g. 3,10).")
  int[] refineSteps = new int[0];

  @Option(names = "--refine-step", defaultValue = "1.0",
      description = "λ of the refinement rows, in units of the mode's variance. Default: ${DEFAULT-VALUE}.")
  double refineStep;

  @Option(names = "--max-modes", defaultValue = "4", description = "Modes kept per prediction. Default: ${DEFAULT-VALUE}.")
  int maxModes;

  @Option(names = "--samples", defaultValue = "" + SamplingDefaults.SAMPLES, description = "M. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<Long, String> groupOf = groups == null ? Map.of() : readGroups(groups);
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    List<byte[]> values = recording.frames(serde);
    out.printf(Locale.ROOT, "%s on %d frames of %s, M = %d, up to %d modes, %d ONNX thread(s), batch 1%n%n",
        recording.bundle, values.size(), recording.video.getFileName(), samples, maxModes, recording.threads);
    out.println("| bandwidth | frames | modes / prediction | with ≥ 2 modes | MAE of the mean | best mode | heaviest mode "
        + "| label within 2σ of the mean | of some mode | weights + refine ms (p50 / p95) | frames/s |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    BenchFrames.pass(sampler(ModeSearch.upTo(maxModes), ModeRefiner.Settings.OFF), values, serde); // JIT warm-up
    List<Setting> settings = new ArrayList<>();
    for (double b : bandwidths) {
      settings.add(new Setting(b == 0 ? "off" : String.format(Locale.ROOT, "%.2f", b),
          b == 0 ? ModeSearch.OFF : ModeSearch.upTo(maxModes).withBandwidth(b), ModeRefiner.Settings.OFF));
    }
    if (components) {
      settings.add(new Setting("by component", ModeSearch.upTo(maxModes).withMethod(ModeSearch.Method.COMPONENTS),
          ModeRefiner.Settings.OFF));
    }
    for (int steps : refineSteps) {
      settings.add(new Setting(String.format(Locale.ROOT, "1.00 + %d refinement steps (λ %.2f)", steps, refineStep),
          ModeSearch.upTo(maxModes), new ModeRefiner.Settings(steps, refineStep)));
    }
    for (Setting setting : settings) {
      BenchFrames.Pass pass = BenchFrames.pass(sampler(setting.search(), setting.refinement()), values, serde);
      double[] modeMs = pass.predictions().stream()
          .mapToDouble(p -> p.getLatencyMs().getOrDefault("weights", Double.NaN)
              + p.getLatencyMs().getOrDefault("refine", 0.0)).sorted().toArray();
      String cost = String.format(Locale.ROOT, "%.3f / %.3f", EndToEndBench.pct(modeMs, 0.5),
          EndToEndBench.pct(modeMs, 0.95));
      for (Map.Entry<String, List<Prediction>> g : byGroup(pass.predictions(), groupOf).entrySet()) {
        String name = setting.name();
        out.println(row(g.getKey().isEmpty() ? name : name + " (" + g.getKey() + ")", g.getValue(), cost,
            pass.framesPerSecond()));
      }
      out.flush();
    }
    return 0;
  }

  /** One row of the table: a name, how modes are found, how they are refined. */
  private record Setting(String name, ModeSearch search, ModeRefiner.Settings refinement) {}

  private ImportanceSampler sampler(ModeSearch search, ModeRefiner.Settings refinement) {
    return new ModelLoader(ExecutionProvider.CPU, recording.threads, samples, SamplingDefaults.HYPOTHESES, 1, search,
        refinement)
        .load(recording.bundle);
  }

  private static String row(String name, List<Prediction> predictions, String cost, double fps) {
    PredictionReport report = PredictionReport.of(predictions);
    ModeReport r = report.modes();
    if (r.scored() == 0) {
      return String.format(Locale.ROOT, "| %s | %d | – | – | %.3f | – | – | – | – | %s | %.1f |", name,
          predictions.size(), report.mae(), cost, fps);
    }
    return String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f%% | %.3f | %.3f | %.3f | %.1f%% | %.1f%% | %s | %.1f |",
        name, r.scored(), r.meanModes(), 100 * r.multiModal(), r.meanMae(), r.bestModeMae(), r.heaviestModeMae(),
        100 * r.meanRecall(), 100 * r.modeRecall(), cost, fps);
  }

  /** All predictions under "", then one entry per group when groups are given. */
  private static Map<String, List<Prediction>> byGroup(List<Prediction> all, Map<Long, String> groupOf) {
    Map<String, List<Prediction>> out = new LinkedHashMap<>();
    out.put("", all);
    Map<String, List<Prediction>> grouped = new TreeMap<>();
    for (Prediction p : all) {
      String g = groupOf.get(p.getSequence());
      if (g != null) {
        grouped.computeIfAbsent(g, k -> new ArrayList<>()).add(p);
      }
    }
    out.putAll(grouped);
    return out;
  }

  private static Map<Long, String> readGroups(Path file) throws IOException {
    Map<Long, String> out = new TreeMap<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      if (cells.length != 2) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'frame,group'");
      }
      try {
        out.put(Long.parseLong(cells[0].strip()), cells[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": frame is not a number: " + cells[0]);
      }
    }
    return out;
  }
}
