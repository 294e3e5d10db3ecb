package io.ebmperception.stream.cli;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.io.FrameSource;
import io.ebmperception.stream.io.LabelTable;
import io.ebmperception.stream.io.PredictionPlot;
import io.ebmperception.stream.io.PredictionReport;
import io.ebmperception.stream.io.Replayer;
import io.ebmperception.stream.io.TopicReader;
import io.ebmperception.stream.io.VideoWriter;
import io.ebmperception.stream.ops.AppConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stream-app demo}: everything in one process: an embedded broker, the app serving a
 * bundle, the replay of a recording, a live view of the predictions, and the evaluation at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Starts an embedded Kafka broker and the app, replays a recording into it, shows the",
      "predictions live, then evaluates them and writes a plot. An image folder is first encoded",
      "to an MP4 beside it, which is then replayed through FFmpeg like any recorded video."
    })
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Model bundle folder.")
  Path bundle;

  @Option(names = "--video", required = true, paramLabel = "VIDEO|FOLDER", description = "Recording to replay.")
  Path video;

  @Option(names = "--labels", paramLabel = "CSV", description = "Labels of the recording (frame index, values).")
  Path labels;

  @Option(names = "--fps", defaultValue = "15", description = "Frame rate for an image folder. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--fast", description = "Replay as fast as possible instead of in real time.")
  boolean fast;

  @Option(names = "--plot", defaultValue = "demo-predictions.png", paramLabel = "PNG",
      description = "Where to write the plot. Default: ${DEFAULT-VALUE}.")
  Path plot;

  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path recording = video;
    if (Files.isDirectory(video)) {
      recording = video.resolveSibling(video.getFileName() + ".mp4");
      if (!Files.exists(recording)) {
        int n = VideoWriter.encode(video, recording, fps);
        out.printf("encoded %d frames of %s into %s%n", n, video, recording);
      }
    }
    AppConfig loaded = config.load().with("http.port", "0");
    AppConfig cfg = loaded.bootstrapServers().isEmpty() ? loaded.with("embedded.port", "0") : loaded;
    LabelTable table = labels == null ? null : LabelTable.read(labels);
    try (StreamApp app = StreamApp.start(cfg, bundle)) {
      out.printf("broker: %s   metrics: http://localhost:%d/metrics%n", app.bootstrapServers(), app.httpPort());
      out.printf("outside view: kcat -b %s -C -t %s -X isolation.level=read_committed%n%n",
          app.bootstrapServers(), app.topics().predictions());
      out.flush();
      app.awaitReady(Duration.ofSeconds(60));
      AtomicReference<Replayer.Result> sent = new AtomicReference<>();
      Path source = recording;
      Thread replay = new Thread(() -> {
        try (FrameSource frames = FrameSource.open(source, fps)) {
          sent.set(new Replayer(app.bootstrapServers(), cfg.kafkaClientSettings(), app.topics().frames(),
              cfg.integer("frame.max.bytes"))
              .replay(frames, new Replayer.Options("cam-0", app.batcher().current().model().bundle().manifest().task(),
                  !fast, 0, table), f -> { }));
        }
      }, "ebm-demo-replay");
      replay.start();
      List<Prediction> predictions = new TopicReader<>(app.bootstrapServers(), cfg.kafkaClientSettings(),
          AvroSerde.predictions(LocalSchemaStore.withCurrentSchemas()))
          .read(app.topics().predictions(), 0, Duration.ofSeconds(8), p -> out.println(line(p)));
      replay.join();
      out.println();
      Replayer.Result replayed = sent.get();
      out.printf("replayed %d frames (%d acknowledged by the broker), %d predictions%n",
          replayed == null ? 0 : replayed.sent(), replayed == null ? 0 : replayed.delivered(), predictions.size());
      if (replayed != null && !replayed.complete()) {
        out.println(ReplayCommand.describeFailures(replayed));
      }
      if (!predictions.isEmpty()) {
        out.println(PredictionReport.of(predictions).format());
        PredictionPlot.write(plot, predictions, 0, app.batcher().current().model().bundle().manifest()
            .target().names().get(0));
        out.println("plot: " + plot.toAbsolutePath());
      }
    }
    return 0;
  }

  static String line(Prediction p) {
    int d = p.getTargetDim();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s #%-5d", p.getCameraId(), p.getSequence()));
    for (int k = 0; k < d; k++) {
      s.append(String.format(Locale.ROOT, "  %7.2f ± %5.2f", p.getMean().get(k),
          Math.sqrt(Math.max(0, p.getCovariance().get(k * d + k)))));
      if (p.getLabel() != null) {
        s.append(String.format(Locale.ROOT, " (label %7.2f)", p.getLabel().get(k)));
      }
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int h = 0; h < p.getHypotheses().size(); h += d) {
      min = Math.min(min, p.getHypotheses().get(h));
      max = Math.max(max, p.getHypotheses().get(h));
    }
    s.append(String.format(Locale.ROOT, "  hypotheses [%.1f, %.1f]  ESS %4.0f/%d  %5.1f ms", min, max,
        p.getEffectiveSampleSize(), p.getSamples(), p.getLatencyMs().getOrDefault("total", Double.NaN)));
    if (!p.getModes().isEmpty()) {
      s.append("  modes");
      for (var mode : p.getModes()) {
        s.append(String.format(Locale.ROOT, " %.2f@", mode.getWeight()));
        for (int k = 0; k < d; k++) {
          s.append(String.format(Locale.ROOT, k == 0 ? "%.1f±%.1f" : ",%.1f±%.1f", mode.getMean().get(k),
              Math.sqrt(Math.max(0, mode.getCovariance().get(k * d + k)))));
        }
      }
    }
    return s.toString();
  }
}
