package io.ebmperception.bench.serving;

import io.ebmperception.ingest.CameraSpec;
import io.ebmperception.ingest.FrameSize;
import io.ebmperception.ingest.IngestCli;
import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.EmbeddedKafka;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.TopicAdmin;
import io.ebmperception.stream.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-ingest-outage}: what a long broker outage costs the ingest edge. HD test-pattern
 * cameras stream over UDP into {@code ingest}, run as its own process with its defaults as it is
 * deployed; after a warm-up the embedded broker (in this process) is closed for {@code --outage}
 * seconds and started again on the same port and data. Every {@code --every} seconds one table row
 * gives the ingest process's resident memory with its own counters from {@code /metrics}, so a
 * reader sees whether memory stays flat while frames are dropped, and how soon frames flow again.
 * With {@code --serve BUNDLE} the app serves the frames in this process too, and the run ends with
 * how soon its answers were fresh again after the broker returned (with {@code --max-age-ms}: how
 * many old frames were answered as STALE instead).
 */
@Command(name = "bench-ingest-outage", mixinStandardHelpOptions = true,
    description = {"Resident memory, heap and dropped/sent counts of ingest through a broker outage, one row",
      "per interval, and the time frames take to flow again after the broker returns."})
public final class IngestOutageBenchCommand implements Callable<Integer> {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--cameras", defaultValue = "4", description = "Cameras. Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--fps", defaultValue = "15", description = "Frame rate of each camera. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--size", defaultValue = "1280x720", description = "Camera frame size. Default: ${DEFAULT-VALUE}.")
  String size;

  @Option(names = "--before", defaultValue = "20", description = "Seconds before the outage. Default: ${DEFAULT-VALUE}.")
  int before;

  @Option(names = "--outage", defaultValue = "120", description = "Seconds without a broker. Default: ${DEFAULT-VALUE}.")
  int outage;

  @Option(names = "--after", defaultValue = "30", description = "Seconds after the broker returns. Default: ${DEFAULT-VALUE}.")
  int after;

  @Option(names = "--serve", paramLabel = "BUNDLE",
      description = "Also serve the frames with this bundle in this process and report when answers were fresh again.")
  Path serve;

  @Option(names = "--max-age-ms", defaultValue = "0",
      description = "With --serve: the app's frame.max.age.ms (0: off). Default: ${DEFAULT-VALUE}.")
  int maxAgeMs;

  @Option(names = "--fresh-ms", defaultValue = "500",
      description = "With --serve: an answer is fresh when emitted at most this long after its capture. Default: ${DEFAULT-VALUE}.")
  int freshMs;

  @Option(names = "--every", defaultValue = "10", description = "Seconds between rows. Default: ${DEFAULT-VALUE}.")
  int every;

  @Override
  public Integer call() throws Exception {
    FrameSize frame = FrameSize.parse(size);
    int w = frame.width();
    int h = frame.height();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("ebm-bench-outage");
    Topics topics = Topics.defaults();
    EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    String bootstrap = broker.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    int frameMaxBytes = 8 << 20;
    TopicAdmin.ensure(bootstrap, new Properties(), topics, 4, (short) 1, frameMaxBytes);
    List<TestPatternCamera> streams = new ArrayList<>();
    List<CameraSpec> specs = new ArrayList<>();
    for (int i = 0; i < cameras; i++) {
      TestPatternCamera camera = new TestPatternCamera(TestPatternCamera.freeUdpPort(), fps, w, h).start();
      streams.add(camera);
      specs.add(new CameraSpec("cam-" + i, camera.url(), "steering", fps, 0, 0));
    }
    out.printf(Locale.ROOT, "%d cameras %dx%d at %.0f fps; broker away from t = %d s to t = %d s%n%n", cameras, w, h,
        fps, before, before + outage);
    out.println("| t s | broker | ingest RSS MiB | sent | failed | dropped at the edge |");
    out.println("|---|---|---|---|---|---|");
    int httpPort = freeTcpPort();
    StreamApp app = serve == null ? null : StreamApp.start(AppConfig.defaults()
        .with(SharedSettings.BOOTSTRAP_SERVERS, bootstrap).with(SharedSettings.HTTP_PORT, 0)
        .with(Settings.STATE_DIR, dir.resolve("streams")).with(Settings.FRAME_MAX_AGE, maxAgeMs)
        .with(Settings.RELOAD_INTERVAL, 0), serve);
    if (app != null && !app.awaitReady(Duration.ofSeconds(90))) {
      throw new IllegalStateException("the app did not become ready in 90 s");
    }
    Process ingest = startIngest(specs, bootstrap, httpPort);
    long back = -1;
    try {
      awaitMetrics(httpPort);
      long t0 = System.currentTimeMillis();
      boolean up = true;
      long flowingAfter = -1;
      for (int t = 0; t <= before + outage + after; t += every) {
        sleepUntil(t0 + t * 1000L);
        if (up && t >= before && t < before + outage) {
          broker.close();
          up = false;
        } else if (!up && t >= before + outage) {
          broker = EmbeddedKafka.start(dir.resolve("kafka"), port);
          back = System.currentTimeMillis();
          up = true;
          flowingAfter = awaitFlow(httpPort, System.currentTimeMillis());
        }
        Map<String, Double> m = metrics(httpPort);
        out.printf(Locale.ROOT, "| %.0f | %s | %d | %.0f | %.0f | %.0f |%n", (System.currentTimeMillis() - t0) / 1000.0,
            up ? "up" : "away", rssMiB(ingest.pid()), m.getOrDefault(SENT, 0.0), m.getOrDefault(FAILED, 0.0),
            m.getOrDefault(DROPPED, 0.0));
        out.flush();
      }
      out.printf(Locale.ROOT, "%nframes flowed again %s after the broker returned (polling /metrics every 100 ms)%n",
          flowingAfter < 0 ? "not within 60 s" : flowingAfter + " ms");
      if (app != null) {
        ingest.destroy();
        ingest.waitFor();
        freshness(out, app, back);
      }
    } finally {
      ingest.destroy();
      ingest.waitFor();
      if (app != null) {
        app.close();
      }
      for (TestPatternCamera c : streams) {
        c.stop();
      }
      broker.close();
    }
    return 0;
  }

  /**
   * After the broker returned at {@code back}: the answers' ages (emit − capture), when they were
   * fresh again for good, and the frames answered as STALE.
   */
  private void freshness(PrintWriter out, StreamApp app, long back) {
    List<Prediction> predictions = new TopicReader<>(app.bootstrapServers(), new Properties(),
        AvroSerde.predictions(app.wire())).read(app.topics().predictions(), 0, Duration.ofSeconds(10), p -> { });
    List<DeadLetter> dead = new TopicReader<>(app.bootstrapServers(), new Properties(),
        AvroSerde.deadLetters(app.wire())).read(app.topics().deadLetters(), 0, Duration.ofSeconds(5), p -> { });
    List<Prediction> after = predictions.stream().filter(p -> p.getEmitTimestampMs().toEpochMilli() >= back)
        .sorted(java.util.Comparator.comparing(Prediction::getEmitTimestampMs)).toList();
    java.util.function.Predicate<Prediction> old = p -> p.getEmitTimestampMs().toEpochMilli()
        - p.getCaptureTimestampMs().toEpochMilli() > freshMs;
    int lastOld = -1;
    for (int i = 0; i < after.size(); i++) {
      if (old.test(after.get(i))) {
        lastOld = i;
      }
    }
    // fresh for good from the answer after the last old one
    String freshFrom = after.isEmpty() ? "(no answers)" : lastOld == after.size() - 1 ? "never in this run"
        : (after.get(lastOld + 1).getEmitTimestampMs().toEpochMilli() - back) + " ms";
    long stale = dead.stream().filter(d -> d.getReason() == DeadLetterReason.STALE).count();
    out.printf(Locale.ROOT, "served with frame.max.age.ms = %d: %d predictions in all, %d after the broker returned, "
        + "%d of them older than %d ms when answered; %d STALE dead letters; answers fresh (<= %d ms) for good from %s "
        + "after the broker returned%n", maxAgeMs, predictions.size(), after.size(), after.stream().filter(old).count(),
        freshMs, stale, freshMs, freshFrom);
  }

  private static final String SENT = "ebm_ingest_frames_sent_total";
  private static final String FAILED = "ebm_ingest_frames_failed_total";
  private static final String DROPPED = "ebm_ingest_frames_dropped_total";

  /** {@code ingest} in a JVM of its own, from the jar this command runs from. */
  private Process startIngest(List<CameraSpec> specs, String bootstrap, int httpPort) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        IngestCli.class.getName(), "--fps", Double.toString(fps), "--set", "bootstrap.servers=" + bootstrap,
        "--set", "http.port=" + httpPort));
    for (CameraSpec c : specs) {
      cmd.add("--camera");
      cmd.add(c.id() + "=" + c.url());
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Camera totals (summed over cameras) from the ingest's Prometheus page. */
  private static Map<String, Double> metrics(int httpPort) {
    Map<String, Double> sums = new HashMap<>();
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      for (String line : r.body().split("\n")) {
        if (line.startsWith("ebm_ingest_frames_")) {
          String name = line.substring(0, line.indexOf('{'));
          sums.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        }
      }
    } catch (IOException e) {
      return sums;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sums;
  }

  private static void awaitMetrics(int httpPort) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (metrics(httpPort).getOrDefault(SENT, 0.0) == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
  }

  /** Milliseconds from {@code back} until the ingest's sent count rises, or -1 within 60 s. */
  private static long awaitFlow(int httpPort, long back) throws InterruptedException {
    double sentAtReturn = metrics(httpPort).getOrDefault(SENT, 0.0);
    while (System.currentTimeMillis() < back + 60_000) {
      if (metrics(httpPort).getOrDefault(SENT, 0.0) > sentAtReturn) {
        return System.currentTimeMillis() - back;
      }
      Thread.sleep(100);
    }
    return -1;
  }

  private static long rssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
      }
    }
    return -1;
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long wait = millis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

}
