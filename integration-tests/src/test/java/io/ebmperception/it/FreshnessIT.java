package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.CaptureClock;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.ops.EmbeddedKafka;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.ops.TopicAdmin;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.topology.Topics;
import io.ebmperception.testkit.TestFrames;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog against a real broker with {@code frame.max.age.ms}: frames that waited on the topic
 * while the app was down are answered as {@code STALE} dead letters, in order and counted per
 * camera; once it has caught up, a live camera's frames are predicted, none older than the limit
 * allows; every frame has exactly one answer.
 */
class FreshnessIT {
  static final WireFormat WIRE = WireFormat.singleObject();
  static final AvroSerde<Frame> FRAMES = AvroSerde.frames(WIRE);
  static final int BACKLOG = 20;
  static final int FRESH = 40;

  private static byte[] capturedNow(long sequence) {
    Frame t = TestFrames.frame("cam-1", sequence);
    byte[] jpeg = new byte[t.getBytes().remaining()];
    t.getBytes().duplicate().get(jpeg);
    return FRAMES.serialize("f", FrameRecords.frame("cam-1", sequence, Instant.now(), CaptureClock.RTCP, t.getTask(),
        FrameEncoding.JPEG, t.getWidth(), t.getHeight(), jpeg, null));
  }

  @Test
  void framesThatWaitedThroughADownedAppAreStaleAndFreshOnesArePredicted(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      Topics topics = Topics.defaults();
      TopicAdmin.ensure(broker.bootstrapServers(), new Properties(), topics, 2, (short) 1, 8 << 20);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
        for (long s = 0; s < BACKLOG; s++) { // the camera runs while the app is down
          producer.send(new ProducerRecord<>(topics.frames(), "cam-1", capturedNow(s))).get();
        }
        Thread.sleep(600);
        try (StreamApp app = StreamApp.start(TestApps.onCluster(dir, broker.bootstrapServers())
            .with(Settings.FRAME_MAX_AGE, 500), TestBundles.steering16(dir.resolve("bundle")))) {
          assertThat(app.awaitReady(Duration.ofSeconds(90))).as("app ready").isTrue();
          List<DeadLetter> stale = new TopicReader<>(broker.bootstrapServers(), new Properties(),
              AvroSerde.deadLetters(WIRE)).read(topics.deadLetters(), BACKLOG, Duration.ofSeconds(30), x -> { });
          assertThat(stale).hasSize(BACKLOG).allSatisfy(d -> {
            assertThat(d.getReason()).isEqualTo(DeadLetterReason.STALE);
            assertThat(d.getMessage()).contains("rtcp clock", "500 ms");
          });
          assertThat(stale).extracting(DeadLetter::getOffset).isSorted();
          long sent = BACKLOG;
          for (; sent < BACKLOG + FRESH; sent++) { // caught up: a live camera at 10 fps
            producer.send(new ProducerRecord<>(topics.frames(), "cam-1", capturedNow(sent))).get();
            Thread.sleep(100);
          }
          List<Prediction> predicted = new TopicReader<>(broker.bootstrapServers(), new Properties(),
              AvroSerde.predictions(WIRE)).read(topics.predictions(), 0, Duration.ofSeconds(5), x -> { });
          List<DeadLetter> all = new TopicReader<>(broker.bootstrapServers(), new Properties(),
              AvroSerde.deadLetters(WIRE)).read(topics.deadLetters(), 0, Duration.ofSeconds(3), x -> { });
          assertThat(predicted.size() + all.size()).as("every frame answered once").isEqualTo(BACKLOG + FRESH);
          assertThat(all).allSatisfy(d -> assertThat(d.getReason()).isEqualTo(DeadLetterReason.STALE));
          assertThat(predicted).allSatisfy(x -> assertThat(x.getEmitTimestampMs().toEpochMilli()
              - x.getCaptureTimestampMs().toEpochMilli()).as("age of a prediction").isLessThanOrEqualTo(1_000));
          long firstFresh = predicted.get(0).getSequence();
          assertThat(predicted).extracting(Prediction::getSequence).as("fresh from frame %d on", firstFresh)
              .containsExactlyElementsOf(LongStream.range(firstFresh, BACKLOG + FRESH).boxed().toList());
          System.out.printf("after a backlog of %d frames, %d live frame(s) answered STALE before answers were fresh%n",
              BACKLOG, firstFresh - BACKLOG);
          // the app's first decode loads the image codec; at start now, it cost the first live frame 1.35 s before
          assertThat(firstFresh - BACKLOG).as("live frames answered STALE before the app caught up").isLessThanOrEqualTo(2);
          assertThat(app.registry().scrape()).contains("ebm_stale_frames_total{camera=\"cam-1\"} " + all.size() + ".0");
        }
      }
    }
  }
}
