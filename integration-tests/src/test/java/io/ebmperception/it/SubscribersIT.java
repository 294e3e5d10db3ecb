package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscribers of {@code examples/} against a running app with its default framing (Avro
 * single-object encoding): the Python and the C subscriber each decode every prediction of the
 * run, one line per prediction, with the same means the Java reader sees.
 */
class SubscribersIT {
  static final int CAMERAS = 3;
  static final int FRAMES_EACH = 10;
  /** One subscriber line: camera, sequence, mean, sigma, effective sample size, modes. */
  static final Pattern LINE = Pattern.compile(
      "(\\S+) #(\\d+) mean=\\[([^\\]]*)\\] sigma=\\[([^\\]]*)\\] ess=([0-9.]+) modes=(\\d+).*");

  @TempDir
  static Path dir;
  static StreamApp app;
  static Map<String, Prediction> byFrame;

  @BeforeAll
  static void runFrames() throws InterruptedException {
    app = StreamApp.start(TestApps.small(dir), TestBundles.steering16(dir.resolve("bundle")));
    assertThat(app.awaitReady(Duration.ofSeconds(90))).as("app ready").isTrue();
    sendFrames(app, WireFormat.singleObject());
    byFrame = predictions(app, WireFormat.singleObject());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static void sendFrames(StreamApp app, WireFormat wire) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    try (KafkaProducer<String, Frame> producer = new KafkaProducer<>(p, new StringSerializer(),
        AvroSerde.frames(wire))) {
      for (int s = 0; s < FRAMES_EACH; s++) {
        for (int c = 0; c < CAMERAS; c++) {
          String camera = "cam-" + c;
          producer.send(new ProducerRecord<>(app.topics().frames(), camera, TestFrames.frame(camera, s)));
        }
      }
    }
  }

  /** The run's predictions as the Java reader decodes them, by "camera #sequence". */
  static Map<String, Prediction> predictions(StreamApp app, WireFormat wire) {
    List<Prediction> all = new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.predictions(wire))
        .read(app.topics().predictions(), CAMERAS * FRAMES_EACH, Duration.ofSeconds(30), x -> { });
    assertThat(all).hasSize(CAMERAS * FRAMES_EACH);
    return all.stream().collect(Collectors.toMap(p -> p.getCameraId() + " #" + p.getSequence(), p -> p));
  }

  /**
   * Checks a subscriber's lines against the Java reader's predictions: one line per prediction,
   * every camera and sequence, the same mean to the 4 decimals printed, a positive sigma.
   */
  static void assertDecodesEveryPrediction(Subscribers.Output out, Map<String, Prediction> expected) {
    assertThat(out.exit()).as("exit code; stderr: %s", out.err()).isZero();
    Map<String, Matcher> lines = new HashMap<>();
    for (String line : out.lines()) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("line '%s'", line).isTrue();
      // version 4: the target's name and unit from the manifest, and the frame's capture clock
      assertThat(line).contains(" targets=steering_deg[deg] clock=recording");
      lines.put(m.group(1) + " #" + m.group(2), m);
    }
    assertThat(out.lines()).hasSize(expected.size());
    assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((frame, p) -> {
      Matcher m = lines.get(frame);
      String mean = p.getMean().stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
          .collect(Collectors.joining(", "));
      assertThat(m.group(3)).as("mean of %s", frame).isEqualTo(mean);
      assertThat(Double.parseDouble(m.group(4).split(",")[0])).as("sigma of %s", frame).isPositive();
      assertThat(Integer.parseInt(m.group(6))).as("modes of %s", frame).isEqualTo(p.getModes().size());
    });
  }

  @Test
  void thePythonSubscriberDecodesEveryPrediction() throws Exception {
    Subscribers.Output out = Subscribers.python("--bootstrap", app.bootstrapServers(),
        "--topic", app.topics().predictions(), "--count", Integer.toString(byFrame.size()), "--idle", "30");
    assertDecodesEveryPrediction(out, byFrame);
    assertThat(out.err()).contains("decoded " + byFrame.size() + " predictions from " + CAMERAS + " camera(s)")
        .contains("single-object: " + byFrame.size()).contains("0 undecodable");
    System.out.printf("python subscriber: %s", out.err());
  }

  @Test
  void theCSubscriberDecodesEveryPrediction() throws Exception {
    Subscribers.Output out = Subscribers.c("--bootstrap", app.bootstrapServers(),
        "--topic", app.topics().predictions(), "--count", Integer.toString(byFrame.size()), "--idle", "30");
    assertDecodesEveryPrediction(out, byFrame);
    assertThat(out.err()).contains("decoded " + byFrame.size() + " predictions (single-object: " + byFrame.size());
    System.out.printf("C subscriber: %s", out.err());
  }
}
