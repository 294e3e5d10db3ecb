package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HD camera frames of 1, 4 and 8 MB (under the default {@code frame.max.bytes} of 8 MiB) flow
 * through both serving designs: each becomes a prediction, and the small frames of the same
 * camera after them too. In design (ii) the partition buffer's changelog is left at 1 MB by an
 * earlier run: the app raises it at start. When an operator lowers it again under a running app,
 * the partition is stuck: readiness turns false with the reason and the replacements are counted;
 * raised again, the frames flow.
 */
class FrameSizesIT {
  private static final WireFormat WIRE = WireFormat.singleObject();
  private static final AvroSerde<Frame> FRAMES = AvroSerde.frames(WIRE);
  private static final int[] SIZES = {1_000_000, 4_000_000, 8_000_000};
  private static final String CHANGELOG = "ebm-stream-app-frame-buffer-changelog";

  @Test
  void hdFramesFlowWithoutPartitionBatching(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        StreamApp app = StreamApp.start(config(dir, broker, false), TestBundles.steering16(dir.resolve("bundle")))) {
      assertThat(app.awaitReady(Duration.ofSeconds(90))).isTrue();
      sendHdThenSmall(app, "cam-hd", 0);
      assertThat(sequences(app, 5)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void hdFramesFlowThroughThePartitionBufferAndAStuckChangelogShowsInReadiness(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      try (Admin admin = admin(broker)) { // as an earlier run with the broker's default limit left it
        admin.createTopics(List.of(new NewTopic(CHANGELOG, 2, (short) 1)
            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588", TopicConfig.CLEANUP_POLICY_CONFIG, "compact"))))
            .all().get(30, TimeUnit.SECONDS);
      }
      try (StreamApp app = StreamApp.start(config(dir, broker, true), TestBundles.steering16(dir.resolve("bundle")));
          Admin admin = admin(broker)) {
        assertThat(app.awaitReady(Duration.ofSeconds(90))).isTrue();
        assertThat(maxMessageBytes(admin)).isEqualTo((8 << 20) + 2 * 64 * 1024);
        sendHdThenSmall(app, "cam-hd", 0);
        assertThat(sequences(app, 5)).containsExactly(0L, 1L, 2L, 3L, 4L);

        setMaxMessageBytes(admin, 1_048_588); // an operator lowers it under the running app
        sendHdThenSmall(app, "cam-hd", 5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        HttpResponse<String> ready = readiness(app);
        while (!ready.body().contains("stuck") && System.nanoTime() < deadline) {
          Thread.sleep(500);
          ready = readiness(app);
        }
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(ready.body()).contains("partition may be stuck", "RecordTooLargeException");
        assertThat(app.registry().scrape()).containsPattern("ebm_stream_thread_replacements_total [3-9]");

        setMaxMessageBytes(admin, (8 << 20) + 2 * 64 * 1024); // fixed: the stuck frames flow
        assertThat(sequences(app, 10)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        List<DeadLetter> dead = new TopicReader<>(app.bootstrapServers(), new Properties(),
            AvroSerde.deadLetters(WIRE)).read(app.topics().deadLetters(), 0, Duration.ofSeconds(2), d -> { });
        assertThat(dead).isEmpty();
      }
    }
  }

  private static AppConfig config(Path dir, EmbeddedKafka broker, boolean partitionBatching) {
    return TestApps.onCluster(dir, broker.bootstrapServers())
        .with(Settings.SAMPLES, 128)
        .with(Settings.HYPOTHESES, 4)
        .with(Settings.PARTITION_BATCHING, partitionBatching);
  }

  /** Three HD frames (1, 4, 8 MB) then two small ones, all of one camera (one partition). */
  private static void sendHdThenSmall(StreamApp app, String camera, long first) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 9 << 20);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long s = first;
      for (int size : SIZES) {
        byte[] jpeg = HdJpegs.ofSize(size, s);
        producer.send(new ProducerRecord<>(app.topics().frames(), camera,
            FRAMES.serialize("f", TestFrames.frame(camera, s++, jpeg, HdJpegs.WIDTH, HdJpegs.HEIGHT)))).get();
      }
      for (int i = 0; i < 2; i++) {
        producer.send(new ProducerRecord<>(app.topics().frames(), camera, FRAMES.serialize("f", TestFrames.frame(camera, s++)))).get();
      }
    }
  }

  private static List<Long> sequences(StreamApp app, int expected) {
    return new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.predictions(WIRE))
        .read(app.topics().predictions(), expected, Duration.ofSeconds(60), x -> { })
        .stream().map(Prediction::getSequence).sorted().toList();
  }

  private static HttpResponse<String> readiness(StreamApp app) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + app.httpPort() + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Admin admin(EmbeddedKafka broker) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return Admin.create(p);
  }

  private static long maxMessageBytes(Admin admin) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, CHANGELOG);
    return Long.parseLong(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS)
        .get(topic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
  }

  private static void setMaxMessageBytes(Admin admin, int bytes) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, CHANGELOG);
    admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)), AlterConfigOp.OpType.SET))))
        .all().get(30, TimeUnit.SECONDS);
  }
}
