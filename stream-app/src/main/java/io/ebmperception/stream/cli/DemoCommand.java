package io.ebmperception.stream.cli;

import io.ebmperception.ingest.IngestSettings;
import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.ingest.CameraSpec;
import io.ebmperception.ingest.CameraStream;
import io.ebmperception.stream.replay.FrameSource;
import io.ebmperception.ingest.Ingest;
import io.ebmperception.stream.replay.LabelTable;
import io.ebmperception.stream.report.PredictionPlot;
import io.ebmperception.stream.report.PredictionReport;
import io.ebmperception.stream.report.ReliabilityPlot;
import io.ebmperception.stream.replay.Replayer;
import io.ebmperception.stream.recording.RunCollector;
import io.ebmperception.stream.replay.VideoWriter;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
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
      "to an MP4 beside it, which is then replayed through FFmpeg like any recorded video.",
      "It counts only this run's answers (from the topics' ends when it starts) and waits until",
      "every delivered frame has a prediction or a dead letter; exit code 1 when some are missing.",
      "",
      "Through the launcher, './ebm demo' (steering) or './ebm demo heads' (head pose), --bundle,",
      "--video, --labels and --plot are given for you: the demo model is trained and its drive",
      "rendered on first use; add --fast, or --source URL for a live camera."
    })
final class DemoCommand implements Callable<Integer> {
  /** A live demo camera that drops is opened again within this (a deployment's default is 30 s). */
  private static final Duration DEMO_MAX_BACKOFF = Duration.ofSeconds(5);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR",
      description = "Model bundle folder (./ebm demo gives the demo model's).")
  Path bundle;

  /** Where the frames come from: a recording or a live camera. */
  static final class Input {
    @Option(names = "--video", required = true, paramLabel = "VIDEO|FOLDER",
        description = "Recording to replay (./ebm demo gives the demo's drive).")
    Path video;

    @Option(names = "--source", required = true, paramLabel = "URL",
        description = "A live camera instead: any URL FFmpeg opens (RTSP, HTTP, UDP) or a V4L2 device, "
            + "read through ingest for --seconds.")
    String source;
  }

  @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--seconds", defaultValue = "30", paramLabel = "S",
      description = "With --source: how long to read the camera. Default: ${DEFAULT-VALUE}.")
  int seconds;

  @Option(names = "--labels", paramLabel = "CSV", description = "Labels of the recording (frame index, values).")
  Path labels;

  @Option(names = "--fps", defaultValue = "15", description = "Frame rate for an image folder. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--fast", description = "Replay as fast as possible instead of in real time.")
  boolean fast;

  @Option(names = "--plot", defaultValue = "demo-predictions.png", paramLabel = "PNG",
      description = "Where to write the plot. Default: ${DEFAULT-VALUE}.")
  Path plot;

  @Option(names = "--timeout-seconds", defaultValue = "120", paramLabel = "S",
      description = "Give up waiting for the predictions after this long without one. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Mixin
  ConfigOptions config;

  /** The camera id the demo's frames carry (its predictions and dead letters are found by it). */
  static final String CAMERA = "cam-0";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path video = input.video;
    Path recording = video;
    if (video != null && Files.isDirectory(video)) {
      recording = video.resolveSibling(video.getFileName() + ".mp4");
      if (!Files.exists(recording)) {
        int n = VideoWriter.encode(video, recording, fps);
        out.printf("encoded %d frames of %s into %s%n", n, video, recording);
      }
    }
    AppConfig loaded = AppConfig.from(config).with(SharedSettings.HTTP_PORT, 0);
    AppConfig cfg = loaded.bootstrapServers().isEmpty() ? loaded.with(SharedSettings.EMBEDDED_PORT, 0) : loaded;
    LabelTable table = labels == null ? null : LabelTable.read(labels);
    try (StreamApp app = StreamApp.start(cfg, bundle)) {
      out.printf("broker: %s   metrics: http://localhost:%d/metrics%n", app.bootstrapServers(), app.httpPort());
      out.printf("outside view, while this demo runs (its broker stops with it): /usr/bin/python3 "
          + "examples/python/subscriber.py --bootstrap %s --topic %s%n%n", app.bootstrapServers(), app.topics().predictions());
      out.flush();
      app.awaitReady(Duration.ofSeconds(60));
      AtomicReference<Replayer.Result> sent = new AtomicReference<>();
      Path source = recording;
      String task = app.models().first().manifest().task();
      try (RunCollector answers = new RunCollector(app.bootstrapServers(), cfg.kafkaClientSettings(),
          app.topics().predictions(), app.topics().deadLetters(), app.wire(), CAMERA)) {
        Thread replay = input.source != null
            ? new Thread(() -> sent.set(live(app, cfg, task)), "ebm-demo-ingest")
            : new Thread(() -> {
              try (FrameSource frames = FrameSource.open(source, fps)) {
                sent.set(new Replayer(app.bootstrapServers(), cfg.kafkaClientSettings(), app.topics().frames(),
                    app.wire(), cfg.get(SharedSettings.FRAME_MAX_BYTES)).replay(frames, new Replayer.Options(CAMERA, task, !fast, 0, table),
                    f -> { }));
              }
            }, "ebm-demo-replay");
        replay.start();
        out.println(header(app.models().first().manifest().target()));
        PrintWriter err = spec.commandLine().getErr();
        RunCollector.Answers run = answers.collect(() -> sent.get() == null ? RunCollector.UNKNOWN : sent.get().delivered(),
            Duration.ofSeconds(timeoutSeconds), p -> out.println(line(p)), (answered, expected, quiet) -> {
              err.printf("waiting for the app: %d of %s frames answered, none in the last %d s%n", answered,
                  expected == RunCollector.UNKNOWN ? "?" : Long.toString(expected), quiet.toSeconds());
              err.flush();
            });
        replay.join();
        return summary(out, err, sent.get(), run, app);
      }
    }
  }

  /** Reads the live camera through {@link Ingest} for {@code --seconds}; what it published, as a replay's result. */
  private Replayer.Result live(StreamApp app, AppConfig cfg, String task) {
    CameraSpec camera = new CameraSpec(CAMERA, input.source, task, fps, 0, 0);
    // the demo runs for seconds: a camera that drops reconnects within 5 s, not the deployment's 30
    try (Ingest ingest = Ingest.builder(app.bootstrapServers(), app.topics().frames(), List.of(camera))
        .clientSettings(cfg.kafkaClientSettings()).wire(app.wire()).frameMaxBytes(cfg.get(SharedSettings.FRAME_MAX_BYTES))
        .options(IngestSettings.cameraOptions(cfg.config()).withMaxBackoff(DEMO_MAX_BACKOFF)).start()) {
      Thread.sleep(seconds * 1000L);
      Ingest.Published published = ingest.published(CAMERA);
      ingest.close();
      Ingest.Published closed = ingest.published(CAMERA);
      return new Replayer.Result(closed.sent() + closed.failed(), closed.sent(), List.of(),
          published.sent() == 0 ? "the camera delivered no frame (" + ingest.stats(CAMERA).state() + ")" : null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Replayer.Result(0, 0, List.of(), "interrupted");
    }
  }

  /** The run's summary, report and plot; exit code 1 when frames are missing an answer or were not delivered. */
  private int summary(PrintWriter out, PrintWriter err, Replayer.Result replayed, RunCollector.Answers run,
      StreamApp app) {
    out.println();
    long delivered = replayed == null ? 0 : replayed.delivered();
    out.printf("replayed %d frames (%d acknowledged by the broker): %d predictions, %d dead letters%n",
        replayed == null ? 0 : replayed.sent(), delivered, run.predictions().size(), run.deadLetters().size());
    run.deadLetters().stream().collect(java.util.stream.Collectors.groupingBy(d -> d.getReason().name(),
        java.util.TreeMap::new, java.util.stream.Collectors.counting()))
        .forEach((reason, n) -> out.printf("  dead letters %s: %d%n", reason, n));
    if (replayed != null && !replayed.complete()) {
      out.println(ReplayCommand.describeFailures(replayed));
    }
    if (!run.predictions().isEmpty()) {
      PredictionReport report = PredictionReport.of(run.predictions());
      out.println(report.format());
      List<String> axes = PredictionPlot.axes(run.predictions()); // the names and units the predictions carry
      PredictionPlot.write(plot, run.predictions(), axes);
      out.println("plot: " + plot.toAbsolutePath());
      if (ReliabilityPlot.write(ReliabilityPlot.beside(plot), report, axes)) {
        out.println("calibration plot: " + ReliabilityPlot.beside(plot).toAbsolutePath());
      }
    }
    long missing = delivered - run.count();
    if (missing > 0) {
      java.util.Set<Long> answered = new java.util.HashSet<>();
      run.predictions().forEach(p -> answered.add(p.getSequence()));
      List<Long> first = input.source != null ? List.of() // a live camera's sequence numbers start at a time
          : java.util.stream.LongStream.range(0, replayed.sent()).filter(i -> !answered.contains(i)).limit(10).boxed().toList();
      err.printf("error: %d of %d delivered frames got neither a prediction nor a dead letter within %d s of the "
          + "last answer (frames without a prediction, first 10: %s); is the app overloaded? raise --timeout-seconds%n",
          missing, delivered, timeoutSeconds, first);
      return 1;
    }
    return replayed == null || !replayed.complete() ? 1 : 0;
  }

  /** What the columns of {@link #line} are, printed once above them. */
  static String header(Manifest.TargetSpec targets) {
    return "camera #frame  " + String.join("  ", targets.labels().stream().map(l -> l + ": mean ± σ (label)").toList())
        + "  hypotheses: their range in " + targets.names().get(0) + "  ESS: effective samples / M"
        + "  ms: time in the app  modes: weight@mean±σ  trust verdict (ood score)";
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
    if (p.getTrusted() != null) {
      s.append(String.format(Locale.ROOT, p.getTrusted() ? "  trusted (ood %.2f)" : "  UNTRUSTED (ood %.2f)",
          p.getOodScore()));
    }
    return s.toString();
  }
}
