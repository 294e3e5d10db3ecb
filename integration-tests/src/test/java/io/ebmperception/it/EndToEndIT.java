package io.ebmperception.it;

import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app against a real Kafka broker (KRaft, in-process): every frame becomes exactly one
 * prediction or one dead letter, read as an outside consumer with read_committed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
  @TempDir
  static Path dir;
  static Path bundle;
  static StreamApp app;
  static final WireFormat WIRE = WireFormat.singleObject();
  static final AvroSerde<Frame> FRAMES = AvroSerde.frames(WIRE);
  static int goodFramesSent;

  @BeforeAll
  static void start() throws InterruptedException {
    bundle = TestBundles.steering16(dir.resolve("bundle"));
    AppConfig config = TestApps.small(dir)
        .with(Settings.HYPOTHESES, 8)
        .with(Settings.PARTITIONS, 3)
        .with(Settings.STREAM_THREADS, 2)
        .with(Settings.BATCH_MAX, 4);
    app = StreamApp.start(config, bundle);
    assertThat(app.awaitReady(Duration.ofSeconds(90))).as("app ready").isTrue();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static List<Prediction> predictions(long expected) {
    return new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.predictions(WIRE))
        .read(app.topics().predictions(), expected, Duration.ofSeconds(30), p -> { });
  }

  @Test
  @Order(1)
  void everyFrameBecomesOnePredictionOrOneDeadLetter() {
    byte[] good = FRAMES.serialize("f", TestFrames.frame("cam-z", 0));
    byte[] unknownFingerprint = good.clone();
    unknownFingerprint[5] ^= 0x3C;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (long s = 0; s < 15; s++) {
        for (String cam : List.of("cam-a", "cam-b")) {
          producer.send(new ProducerRecord<>(app.topics().frames(), cam, FRAMES.serialize("f", TestFrames.frame(cam, s))));
          goodFramesSent++;
        }
        if (s == 5) {
          producer.send(new ProducerRecord<>(app.topics().frames(), "cam-a",
              FRAMES.serialize("f", TestFrames.frame("cam-a", 100, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 1}, 48, 32))));
          producer.send(new ProducerRecord<>(app.topics().frames(), "cam-b", Arrays.copyOf(good, 20)));
          producer.send(new ProducerRecord<>(app.topics().frames(), "cam-a", unknownFingerprint));
        }
      }
    }
    List<Prediction> out = predictions(goodFramesSent);
    assertThat(out).hasSize(goodFramesSent);
    Set<String> ids = out.stream().map(p -> p.getCameraId() + "/" + p.getSequence()).collect(Collectors.toSet());
    assertThat(ids).hasSize(goodFramesSent);
    List<DeadLetter> dead = new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.deadLetters(WIRE))
        .read(app.topics().deadLetters(), 3, Duration.ofSeconds(30), d -> { });
    assertThat(dead).extracting(DeadLetter::getReason).containsExactlyInAnyOrder(
        DeadLetterReason.DECODE_FAILED, DeadLetterReason.DESERIALIZATION, DeadLetterReason.UNKNOWN_SCHEMA);
    assertThat(dead).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(app.topics().frames()));
    // Nothing more arrives: no duplicates were produced late.
    assertThat(predictions(0)).hasSize(goodFramesSent);
  }

  @Test
  @Order(2)
  void kcatReadsThePredictionsAsAnOutsideClient() throws IOException, InterruptedException {
    boolean kcat = Files.isExecutable(Path.of("/usr/bin/kcat"));
    if (!kcat && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kcat must be installed in CI (.ci/run installs it)");
    }
    assumeThat(kcat).as("kcat is not installed (apt-get install kcat)").isTrue();
    Process p = new ProcessBuilder("kcat", "-b", app.bootstrapServers(), "-C", "-t", app.topics().predictions(),
        "-X", "isolation.level=read_committed", "-e", "-q", "-f", "%k\\n").redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> keys = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(keys).hasSize(goodFramesSent).containsOnly("cam-a", "cam-b");
  }

  @Test
  @Order(3)
  void aNewModelVersionIsServedWithoutLosingOrRepeatingFrames() throws InterruptedException {
    String before = app.models().first().manifest().version();
    int frames = 40;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (long s = 0; s < frames; s++) {
        producer.send(new ProducerRecord<>(app.topics().frames(), "cam-r", FRAMES.serialize("f", TestFrames.frame("cam-r", s))));
        if (s == frames / 2) {
          producer.flush();
          Thread.sleep(300);
          TestBundles.bumpVersion(bundle, "reloaded-1");
          assertThat(app.models().first().reloader().check()).isTrue();
        }
      }
    }
    List<Prediction> out = new ArrayList<>(predictions(goodFramesSent + frames));
    out.removeIf(p -> !p.getCameraId().equals("cam-r"));
    assertThat(out).hasSize(frames);
    assertThat(out.stream().map(Prediction::getSequence).collect(Collectors.toSet())).hasSize(frames);
    assertThat(out.stream().map(Prediction::getModelVersion).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(before, "reloaded-1");
    assertThat(app.models().first().manifest().version()).isEqualTo("reloaded-1");
  }

  @Test
  @Order(4)
  void theBadInputCorpusIsDeadLetteredWithItsReasonsWhileGoodFramesFlow() throws Exception {
    byte[] good = FRAMES.serialize("f", TestFrames.frame("cam-q", 0));
    byte[] unknownFingerprint = good.clone();
    unknownFingerprint[5] ^= 0x3C;
    byte[] bomb = pngOfSize(64, 48);
    java.nio.ByteBuffer.wrap(bomb, 16, 8).putInt(16000).putInt(16000); // claims 64 x 48, holds 16000²
    Frame bombFrame = TestFrames.frame("cam-q", 900, bomb, 64, 48);
    bombFrame.setEncoding(io.ebmperception.schemas.FrameEncoding.PNG);
    Frame wrongTask = TestFrames.frame("cam-q", 901);
    wrongTask.setTask("no-such-task");
    java.util.Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
    bad.put("zero-bytes", new byte[0]);
    bad.put("random-bytes", randomBytes(64));
    bad.put("unknown-fingerprint", unknownFingerprint);
    bad.put("truncated", Arrays.copyOf(good, good.length / 2));
    bad.put("corrupt-jpeg", FRAMES.serialize("f", TestFrames.frame("cam-q", 902,
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x12, 0x34, 0x56, 0x78}, 48, 32)));
    bad.put("huge-claim", FRAMES.serialize("f", TestFrames.frame("cam-q", 903, TestFrames.jpeg(48, 32, 1), 100000, 100000)));
    bad.put("wrong-task", FRAMES.serialize("f", wrongTask));
    bad.put("tombstone", null);
    bad.put("pixel-bomb", FRAMES.serialize("f", bombFrame));
    bad.put("png-labelled-jpeg", FRAMES.serialize("f", TestFrames.frame("cam-q", 904, pngOfSize(48, 32), 48, 32)));
    int goodFrames = 0;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (java.util.Map.Entry<String, byte[]> e : bad.entrySet()) {
        producer.send(new ProducerRecord<>(app.topics().frames(), e.getKey(), e.getValue()));
        producer.send(new ProducerRecord<>(app.topics().frames(), "cam-q",
            FRAMES.serialize("f", TestFrames.frame("cam-q", goodFrames))));
        goodFrames++;
      }
    }
    List<DeadLetter> dead = new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.deadLetters(WIRE))
        .read(app.topics().deadLetters(), 3 + bad.size(), Duration.ofSeconds(60), d -> { });
    java.util.Map<String, DeadLetter> byKey = new java.util.HashMap<>();
    for (DeadLetter d : dead) {
      if (d.getKey() != null) {
        byKey.put(StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString(), d);
      }
    }
    java.util.Map<String, DeadLetterReason> expected = java.util.Map.of(
        "zero-bytes", DeadLetterReason.DESERIALIZATION, "random-bytes", DeadLetterReason.DESERIALIZATION,
        "unknown-fingerprint", DeadLetterReason.UNKNOWN_SCHEMA, "truncated", DeadLetterReason.DESERIALIZATION,
        "corrupt-jpeg", DeadLetterReason.DECODE_FAILED, "huge-claim", DeadLetterReason.TOO_LARGE,
        "wrong-task", DeadLetterReason.WRONG_TASK, "tombstone", DeadLetterReason.DESERIALIZATION,
        "pixel-bomb", DeadLetterReason.INVALID_FRAME, "png-labelled-jpeg", DeadLetterReason.INVALID_FRAME);
    expected.forEach((key, reason) -> {
      assertThat(byKey).as("a dead letter for " + key).containsKey(key);
      assertThat(byKey.get(key).getReason()).as(key + ": " + byKey.get(key).getMessage()).isEqualTo(reason);
    });
    byte[] kept = byKey.get("random-bytes").getOriginalBytes().array();
    assertThat(kept).as("the dead letter keeps the record's bytes").isEqualTo(bad.get("random-bytes"));
    assertThat(byKey.get("pixel-bomb").getMessage()).contains("16000 x 16000", "not decoded");
    List<Prediction> all = new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.predictions(WIRE))
        .read(app.topics().predictions(), 0, Duration.ofSeconds(20), p -> { });
    assertThat(all.stream().filter(p -> p.getCameraId().equals("cam-q")).map(Prediction::getSequence)
        .collect(Collectors.toSet())).as("good frames keep flowing").hasSize(goodFrames);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.util.Random(5).nextBytes(b);
    return b;
  }

  private static byte[] pngOfSize(int width, int height) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(width, height,
        java.awt.image.BufferedImage.TYPE_3BYTE_BGR), "png", out);
    return out.toByteArray();
  }
}
