package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.bench.serving.TestPatternCamera;
import io.ebmperception.ingest.CameraSpec;
import io.ebmperception.ingest.CameraStream;
import io.ebmperception.ingest.Ingest;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.testkit.TestFrames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's ingest example end to end: a steering camera and a head-pose camera publish to one
 * frames topic through ingest, one app serves a bundle per task, and every frame is predicted by
 * its task's model (its name and target names in the prediction); a frame of a task with no model
 * is one {@code WRONG_TASK} dead letter; the metrics count each task apart.
 */
class TwoTasksIT {
  static final WireFormat WIRE = WireFormat.singleObject();

  @Test
  void aSteeringAndAHeadPoseCameraOnOneTopicAreEachPredictedByTheirTasksModel(@TempDir Path dir) throws Exception {
    Path steering = TestBundles.steering16(dir.resolve("steering"));
    Path heads = TestBundles.forTask(dir.resolve("headpose"), "headpose", "heads-16", "yaw_deg");
    try (StreamApp app = StreamApp.start(TestApps.small(dir).with(Settings.STREAM_THREADS, 2), List.of(steering, heads))) {
      assertThat(app.awaitReady(Duration.ofSeconds(90))).as("app ready").isTrue();
      assertThat(app.models().tasks()).containsExactly("steering", "headpose");

      TestPatternCamera front = new TestPatternCamera(TestPatternCamera.freeUdpPort(), 10).start();
      TestPatternCamera cabin = new TestPatternCamera(TestPatternCamera.freeUdpPort(), 10).start();
      Ingest ingest = Ingest.builder(app.bootstrapServers(), app.topics().frames(), List.of(
              new CameraSpec("front", front.url(), "steering", 10, 0, 0),
              new CameraSpec("cabin", cabin.url(), "headpose", 10, 0, 0)))
          .options(new CameraStream.Options(8, Duration.ofSeconds(2), Duration.ofSeconds(2))).start();
      try {
        long end = System.currentTimeMillis() + 30_000;
        while ((ingest.published("front").sent() < 30 || ingest.published("cabin").sent() < 30)
            && System.currentTimeMillis() < end) {
          Thread.sleep(100);
        }
      } finally {
        ingest.close(); // every frame it published is acknowledged: the counts below are final
        front.stop();
        cabin.stop();
      }
      long sent = ingest.published("front").sent() + ingest.published("cabin").sent();
      assertThat(sent).as("frames the two cameras published").isGreaterThanOrEqualTo(60);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
        Frame depth = TestFrames.frame("lidar", 0);
        depth.setTask("depth");
        producer.send(new ProducerRecord<>(app.topics().frames(), "lidar", AvroSerde.frames(WIRE).serialize("f", depth))).get();
      }

      List<Prediction> out = new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.predictions(WIRE))
          .read(app.topics().predictions(), sent, Duration.ofSeconds(30), x -> { });
      assertThat(out).hasSize((int) sent);
      Map<String, List<Prediction>> byCamera = out.stream().collect(Collectors.groupingBy(Prediction::getCameraId));
      assertThat(byCamera.get("front")).isNotEmpty().allSatisfy(x -> {
        assertThat(x.getModelName()).isEqualTo("steering-nce+kl");
        assertThat(x.getTargetNames()).containsExactly("steering_deg");
      });
      assertThat(byCamera.get("cabin")).isNotEmpty().allSatisfy(x -> {
        assertThat(x.getModelName()).isEqualTo("heads-16");
        assertThat(x.getTargetNames()).containsExactly("yaw_deg");
      });
      List<DeadLetter> dead = new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.deadLetters(WIRE))
          .read(app.topics().deadLetters(), 1, Duration.ofSeconds(10), x -> { });
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.WRONG_TASK);
        assertThat(d.getMessage()).contains("'depth'", "'headpose', 'steering'");
      });
      String scrape = app.registry().scrape();
      assertThat(scrape).contains(
          "ebm_frames_predicted_total{task=\"steering\"} " + byCamera.get("front").size() + ".0",
          "ebm_frames_predicted_total{task=\"headpose\"} " + byCamera.get("cabin").size() + ".0",
          "ebm_model_info{name=\"heads-16\",task=\"headpose\"", "ebm_model_info{name=\"steering-nce+kl\",task=\"steering\"");
    }
  }
}
