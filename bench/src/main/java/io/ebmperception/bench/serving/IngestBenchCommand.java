package io.ebmperception.bench.serving;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.ingest.CameraSpec;
import io.ebmperception.ingest.FrameSize;
import io.ebmperception.ingest.CameraStream;
import io.ebmperception.ingest.Ingest;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-ingest}: camera → prediction latency through the whole product on this machine:
 * test-pattern cameras streamed by FFmpeg over UDP, {@code ingest}, the embedded broker and the
 * app with its defaults, all in one process. Latency = the prediction's emit time − the frame's
 * capture time (on the stream's clock for the test cameras' MPEG-TS: docs/ingest.md).
 */
@Command(name = "bench-ingest", mixinStandardHelpOptions = true,
    description = {"Camera -> prediction latency (p50/p95/p99) for 1..N live test-pattern cameras at",
      "several frame rates, through ingest, the embedded broker and the app, as a Markdown table."})
public final class IngestBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle to serve.")
  Path bundle;

  @Option(names = "--cameras", split = ",", defaultValue = "1,4", description = "Camera counts. Default: ${DEFAULT-VALUE}.")
  List<Integer> cameraCounts;

  @Option(names = "--fps", split = ",", defaultValue = "15,30", description = "Frame rates. Default: ${DEFAULT-VALUE}.")
  List<Double> rates;

  @Option(names = "--size", defaultValue = "1280x720", description = "Camera frame size. Default: ${DEFAULT-VALUE}.")
  String size;

  @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per row. Default: ${DEFAULT-VALUE}.")
  int seconds;

  @Override
  public Integer call() throws Exception {
    FrameSize frame = FrameSize.parse(size);
    int w = frame.width();
    int h = frame.height();
    var out = spec.commandLine().getOut();
    out.println("| cameras | fps each | offered frames/s | predicted frames/s | camera->prediction p50 / p95 / p99 ms "
        + "| app total p50 ms | dropped at the edge | skipped by the fps limit |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (int n : cameraCounts) {
      for (double fps : rates) {
        out.println(row(n, fps, w, h));
        out.flush();
      }
    }
    return 0;
  }

  private String row(int n, double fps, int w, int h) throws Exception {
    Path dir = Files.createTempDirectory("ebm-bench-ingest");
    AppConfig config = AppConfig.defaults().with(Settings.EMBEDDED_DATA_DIR, dir.resolve("kafka"))
        .with(Settings.STATE_DIR, dir.resolve("streams")).with(SharedSettings.EMBEDDED_PORT, 0).with(SharedSettings.HTTP_PORT, 0)
        .with(Settings.RELOAD_INTERVAL, 0);
    List<TestPatternCamera> cameras = new ArrayList<>();
    List<CameraSpec> specs = new ArrayList<>();
    try (StreamApp app = StreamApp.start(config, bundle)) {
      app.awaitReady(Duration.ofSeconds(90));
      for (int i = 0; i < n; i++) {
        TestPatternCamera camera = new TestPatternCamera(TestPatternCamera.freeUdpPort(), fps, w, h).start();
        cameras.add(camera);
        specs.add(new CameraSpec("cam-" + i, camera.url(), app.models().first().task(),
            fps, 0, 0));
      }
      long dropped = 0;
      long grabbed = 0;
      long skipped = 0;
      long start;
      // the bench measures seconds: a camera that drops reconnects within 5 s, not the deployment's 30
      try (Ingest ingest = Ingest.builder(app.bootstrapServers(), app.topics().frames(), specs).wire(app.wire())
          .frameMaxBytes(config.get(SharedSettings.FRAME_MAX_BYTES))
          .options(CameraStream.Options.DEFAULT.withMaxBackoff(Duration.ofSeconds(5))).start()) {
        Thread.sleep(5000); // streams open, the app warms
        start = System.currentTimeMillis();
        long droppedBefore = specs.stream().mapToLong(s -> ingest.stats(s.id()).dropped()).sum();
        Thread.sleep(seconds * 1000L);
        dropped = specs.stream().mapToLong(s -> ingest.stats(s.id()).dropped()).sum() - droppedBefore;
        // the limit over each camera's whole run, its start included (where frames come bunched)
        grabbed = specs.stream().mapToLong(s -> ingest.stats(s.id()).grabbed()).sum();
        skipped = specs.stream().mapToLong(s -> ingest.stats(s.id()).skipped()).sum();
      } finally {
        for (TestPatternCamera c : cameras) {
          c.stop();
        }
      }
      long end = start + seconds * 1000L;
      List<Prediction> all = new TopicReader<>(app.bootstrapServers(), new Properties(),
          AvroSerde.predictions(WireFormat.singleObject()))
          .read(app.topics().predictions(), 0, Duration.ofSeconds(5), p -> { });
      List<Double> latency = new ArrayList<>();
      List<Double> appTotal = new ArrayList<>();
      for (Prediction p : all) {
        long captured = p.getCaptureTimestampMs().toEpochMilli();
        if (captured >= start && captured < end) {
          latency.add((double) (p.getEmitTimestampMs().toEpochMilli() - captured));
          appTotal.add(p.getLatencyMs().getOrDefault("total", Double.NaN));
        }
      }
      return String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.1f | %.0f / %.0f / %.0f | %.1f | %d | %d of %d (%.1f%%) |",
          n, fps, n * fps, latency.size() / (double) seconds, percentile(latency, 50), percentile(latency, 95),
          percentile(latency, 99), percentile(appTotal, 50), dropped, skipped, grabbed, 100.0 * skipped / Math.max(1, grabbed));
    }
  }


  private static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length == 0 ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))];
  }
}
