package io.ebmperception.stream.cli;

import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.report.PredictionPlot;
import io.ebmperception.stream.report.PredictionReport;
import io.ebmperception.stream.report.ReliabilityPlot;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ebm evaluate-stream}: score the predictions of a run against their labels, each model
 * version apart (a hot reload in the middle of a run is a before and an after, not one pool).
 */
@Command(name = "evaluate-stream", aliases = "evaluate", mixinStandardHelpOptions = true,
    description = "Reads the predictions topic (read_committed) and reports MAE, NLL of the label, 90%% "
        + "interval coverage, ESS and latency percentiles, for each model version that answered (a roll-out's "
        + "before and after), and writes a PNG per version of mean ± 2σ, hypotheses, modes and label per target.")
final class EvaluateStreamCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--camera", description = "Only this camera's predictions.")
  String camera;

  @Option(names = "--expect", defaultValue = "0",
      description = "Stop after N predictions (0: when idle); exit code 1 when fewer arrive.")
  long expect;

  @Option(names = "--idle-seconds", defaultValue = "5", description = "Stop after this long without records.")
  int idle;

  @Option(names = "--model-version", paramLabel = "V",
      description = "Only the predictions of this model version (default: each version apart).")
  String modelVersion;

  @Option(names = "--plot", defaultValue = "evaluation.png", paramLabel = "PNG", description = "Plot file. Default: ${DEFAULT-VALUE}.")
  Path plot;

  @Override
  public Integer call() {
    AppConfig cfg = AppConfig.from(config);
    String bootstrap = cfg.clientBootstrap();
    List<Prediction> all = new TopicReader<>(bootstrap, cfg.kafkaClientSettings(),
        AvroSerde.predictions(cfg.wireFormat().checked()))
        .read(cfg.get(Settings.PREDICTIONS_TOPIC), expect, Duration.ofSeconds(idle), p -> { });
    List<Prediction> mine = all.stream().filter(p -> camera == null || camera.equals(p.getCameraId()))
        .filter(p -> modelVersion == null || modelVersion.equals(p.getModelVersion())).toList();
    if (mine.isEmpty()) {
      throw new IllegalArgumentException("no predictions" + (camera == null ? "" : " of camera " + camera)
          + (modelVersion == null ? "" : " by model version " + modelVersion) + " on "
          + cfg.get(Settings.PREDICTIONS_TOPIC) + " at " + bootstrap);
    }
    Map<String, List<Prediction>> byVersion = new LinkedHashMap<>(); // in the order the versions answered
    mine.forEach(p -> byVersion.computeIfAbsent(p.getModelName() + " " + p.getModelVersion(), v -> new ArrayList<>()).add(p));
    var out = spec.commandLine().getOut();
    int n = 0;
    for (Map.Entry<String, List<Prediction>> version : byVersion.entrySet()) {
      Path file = byVersion.size() == 1 ? plot : numbered(plot, ++n);
      if (byVersion.size() > 1) {
        out.printf("%nmodel %s (%s of the %d predictions)%n", version.getKey(), version.getValue().size(), mine.size());
      }
      PredictionReport report = PredictionReport.of(version.getValue());
      out.println(report.format());
      PredictionPlot.write(file, version.getValue(), PredictionPlot.axes(version.getValue()));
      out.println("plot: " + file);
      if (ReliabilityPlot.write(ReliabilityPlot.beside(file), report, PredictionPlot.axes(version.getValue()))) {
        out.println("calibration plot: " + ReliabilityPlot.beside(file));
      }
    }
    if (expect > 0 && all.size() < expect) {
      spec.commandLine().getErr().printf("error: %d of the %d expected predictions arrived before %d s passed without "
          + "one (raise --idle-seconds if the app is still working)%n", all.size(), expect, idle);
      return 1;
    }
    return 0;
  }

  /** {@code evaluation.png} as {@code evaluation-2.png}: one plot per model version. */
  private static Path numbered(Path plot, int n) {
    String name = plot.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered = dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
    return plot.resolveSibling(numbered);
  }
}
