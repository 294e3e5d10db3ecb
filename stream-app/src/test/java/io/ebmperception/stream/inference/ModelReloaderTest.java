package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReloaderTest {
  private final List<String> events = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private Batcher batcher;
  private ModelReloader reloader;

  @AfterEach
  void close() {
    if (reloader != null) {
      reloader.close();
    }
    if (batcher != null) {
      batcher.close();
    }
  }

  private ModelReloader start(Path bundle) {
    ModelLoader loader = new ModelLoader(ExecutionProvider.CPU, 1, 64, 4, 2);
    batcher = new Batcher(loader.load(bundle), 2, Duration.ofMillis(1), n -> { });
    reloader = new ModelReloader(bundle, batcher, loader, Duration.ZERO, new ModelReloader.Listener() {
      @Override
      public void serving(String name, String version) {
        events.add("serving " + version);
      }

      @Override
      public void failed(String version, String reason) {
        events.add("failed " + version);
      }
    }, nanos::get);
    return reloader;
  }

  @Test
  void aBrokenBundleIsRetriedWithBackoffAndANewVersionAtOnce(@TempDir Path dir) throws Exception {
    Path bundle = copyOfTestBundle(dir.resolve("bundle"));
    byte[] energy = Files.readAllBytes(bundle.resolve("energy.onnx"));
    start(bundle);

    setVersion(bundle, "broken-1");
    Files.write(bundle.resolve("energy.onnx"), new byte[] {1, 2, 3});
    assertThat(reloader.check()).isFalse();
    assertThat(reloader.check()).isFalse(); // backing off: not tried again
    assertThat(events).containsExactly("failed broken-1");

    nanos.addAndGet(reloader.backoff(1).toNanos() + 1);
    assertThat(reloader.check()).isFalse(); // tried again after the wait, failed again
    assertThat(events).containsExactly("failed broken-1", "failed broken-1");
    assertThat(reloader.backoff(2)).isEqualTo(reloader.backoff(1).multipliedBy(2));
    assertThat(reloader.backoff(60)).isEqualTo(ModelReloader.MAX_BACKOFF);

    Files.write(bundle.resolve("energy.onnx"), energy);
    setVersion(bundle, "fixed-2"); // another version: no waiting
    assertThat(reloader.check()).isTrue();
    assertThat(events).containsExactly("failed broken-1", "failed broken-1", "serving fixed-2");
    assertThat(batcher.current().model().bundle().manifest().version()).isEqualTo("fixed-2");
  }

  @Test
  void aBundleWhoseOutputsAreNotFiniteIsRefusedBeforeItServes(@TempDir Path dir) throws Exception {
    Path bundle = copyOfTestBundle(dir.resolve("bundle"));
    start(bundle);
    // finite, so the manifest's own checks pass; a grey frame times 1e38 overflows to infinity
    edit(bundle, m -> ((ObjectNode) m.get("input")).put("scale", 1e38));
    setVersion(bundle, "nan-2");
    assertThat(reloader.check()).isFalse();
    assertThat(events).containsExactly("failed nan-2");
    assertThat(reloader.refusal()).get().asString().contains("probe inference", "non-finite");
    assertThat(batcher.current().model().bundle().manifest().version()).isNotEqualTo("nan-2");
  }

  @Test
  void aRecalibrationWrittenIntoTheServedFolderIsRolledOut(@TempDir Path dir) throws Exception {
    Path bundle = copyOfTestBundle(dir.resolve("bundle"));
    start(bundle);
    String before = batcher.current().model().bundle().manifest().version();
    // a deployment's labelled frames, as record writes them: images/… and a CSV with a file column
    Path data = dir.resolve("recorded");
    Files.createDirectories(data.resolve("images"));
    StringBuilder csv = new StringBuilder("file,steering_deg,camera,sequence,reason\n");
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 40; i++) {
      java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(32, 32,
          java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int p = 0; p < 32 * 32; p++) {
        image.setRGB(p % 32, p / 32, random.nextInt(1 << 24));
      }
      javax.imageio.ImageIO.write(image, "png", data.resolve("images/f" + i + ".png").toFile());
      csv.append("images/f").append(i).append(".png,").append(random.nextGaussian() * 10).append(",cam,").append(i)
          .append(",\n");
    }
    Files.writeString(data.resolve("steering.csv"), csv);
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = io.ebmperception.stream.cli.StreamCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    assertThat(cli.execute("recalibrate", "--bundle", bundle.toString(), "--data",
        data.resolve("steering.csv").toString(), "--samples", "128", "--include-untrusted")).as(out.toString()).isZero();
    assertThat(out.toString()).contains("40 rows", "refitted", "central 90% interval covers");

    assertThat(reloader.check()).isTrue();
    var served = batcher.current().model().bundle().manifest();
    assertThat(served.version()).isNotEqualTo(before);
    assertThat(served.calibration().previousVersion()).isEqualTo(before);
    assertThat(served.calibration().inputs()).isEqualTo(40);
    assertThat(served.servingTemperature()).isBetween(0.2, 5.0);
  }

  @Test
  void aBundleForAnotherTaskOrTargetIsRefusedBeforeLoadingAndLoggedOncePerVersion(@TempDir Path dir)
      throws Exception {
    Path bundle = copyOfTestBundle(dir.resolve("bundle"));
    start(bundle);
    String serving = batcher.current().model().bundle().manifest().version();
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ModelReloader.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      edit(bundle, m -> {
        m.put("version", "headpose-1");
        m.put("task", "headpose");
      });
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThat(reloader.check()).isFalse();
        nanos.addAndGet(ModelReloader.MAX_BACKOFF.toNanos() + 1);
      }
      assertThat(events).containsExactly("failed headpose-1", "failed headpose-1", "failed headpose-1");
      assertThat(batcher.current().model().bundle().manifest().version()).isEqualTo(serving);
      assertThat(reloader.refusal()).hasValueSatisfying(r -> assertThat(r)
          .contains("headpose-1", "3 tries", "serving " + serving, "task 'headpose'", "serves 'steering'"));
      assertThat(lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)))
          .hasSize(2); // "loading it" and "not rolled out", once each

      edit(bundle, m -> {
        m.put("version", "renamed-2");
        m.put("task", "steering");
        ((ObjectNode) m.get("target")).putArray("names").add("yaw_deg");
      });
      assertThat(reloader.check()).isFalse();
      assertThat(reloader.refusal()).hasValueSatisfying(r -> assertThat(r).contains("[yaw_deg]", "[steering_deg]"));

      edit(bundle, m -> {
        m.put("version", serving); // rolled back: nothing is refused any more
        ((ObjectNode) m.get("target")).putArray("names").add("steering_deg");
      });
      assertThat(reloader.check()).isFalse();
      assertThat(reloader.refusal()).isEmpty();
    } finally {
      log.detachAppender(lines);
    }
  }

  private static void edit(Path bundle, java.util.function.Consumer<ObjectNode> change) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(bundle.resolve("manifest.json").toFile());
    change.accept(manifest);
    json.writeValue(bundle.resolve("manifest.json").toFile(), manifest);
  }

  private static void setVersion(Path bundle, String version) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(bundle.resolve("manifest.json").toFile());
    manifest.put("version", version);
    json.writeValue(bundle.resolve("manifest.json").toFile(), manifest);
  }

  private static Path copyOfTestBundle(Path target) throws IOException, URISyntaxException {
    Path source = Path.of(ModelReloaderTest.class.getResource("/bundles/steering-16px").toURI());
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }
}
