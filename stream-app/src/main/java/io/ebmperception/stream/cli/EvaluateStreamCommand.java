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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stream-app evaluate}: score the predictions of a run against their labels. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Reads the predictions topic (read_committed) and reports MAE, NLL of the label, 90%% "
        + "interval coverage, ESS and latency percentiles; writes a PNG of mean ± 2σ, hypotheses and label.")
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

  @Option(names = "--plot", defaultValue = "evaluation.png", paramLabel = "PNG", description = "Plot file. Default: ${DEFAULT-VALUE}.")
  Path plot;

  @Override
  public Integer call() {
    AppConfig cfg = AppConfig.from(config);
    String bootstrap = cfg.clientBootstrap();
    List<Prediction> all = new TopicReader<>(bootstrap, cfg.kafkaClientSettings(),
        AvroSerde.predictions(cfg.wireFormat().checked()))
        .read(cfg.get(Settings.PREDICTIONS_TOPIC), expect, Duration.ofSeconds(idle), p -> { });
    List<Prediction> mine = camera == null ? all : all.stream().filter(p -> camera.equals(p.getCameraId())).toList();
    if (mine.isEmpty()) {
      throw new IllegalArgumentException("no predictions on " + cfg.get(Settings.PREDICTIONS_TOPIC) + " at " + bootstrap);
    }
    PredictionReport report = PredictionReport.of(mine);
    spec.commandLine().getOut().println(report.format());
    PredictionPlot.write(plot, mine, PredictionPlot.axes(mine));
    spec.commandLine().getOut().println("plot: " + plot);
    if (ReliabilityPlot.write(ReliabilityPlot.beside(plot), report, List.of())) {
      spec.commandLine().getOut().println("calibration plot: " + ReliabilityPlot.beside(plot));
    }
    if (expect > 0 && all.size() < expect) {
      spec.commandLine().getErr().printf("error: %d of the %d expected predictions arrived before %d s passed without "
          + "one (raise --idle-seconds if the app is still working)%n", all.size(), expect, idle);
      return 1;
    }
    return 0;
  }
}
