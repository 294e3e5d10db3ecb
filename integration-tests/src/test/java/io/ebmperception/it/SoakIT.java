package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.TestBundles;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.EmbeddedKafka;
import io.ebmperception.stream.ops.TopicAdmin;
import io.ebmperception.stream.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minutes of steady load on two app instances (their own JVMs, started from the jar) while one of
 * them is killed with {@code kill -9} and restarted at a fixed interval, alternating. Every frame
 * must have exactly one prediction for a read_committed reader. Tagged {@code soak}: run it with
 * {@code mvn verify -Psoak -pl integration-tests} ({@code -Dsoak.minutes=3 -Dsoak.kill.every.s=20
 * -Dsoak.fps=40}); it prints the figures BENCHMARKS.md records.
 */
@Tag("soak")
class SoakIT {
  static final AvroSerde<Frame> FRAMES = AvroSerde.frames(WireFormat.singleObject());
  static final Topics TOPICS = new Topics("soak.frames", "soak.predictions", "soak.dead");

  @Test
  void repeatedKillsUnderSteadyLoadLoseAndRepeatNothing(@TempDir Path dir) throws Exception {
    double minutes = Double.parseDouble(System.getProperty("soak.minutes", "3"));
    int killEvery = Integer.getInteger("soak.kill.every.s", 20);
    int fps = Integer.getInteger("soak.fps", 40);
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      String bootstrap = broker.bootstrapServers();
      TopicAdmin.ensure(bootstrap, new Properties(), TOPICS, 4, (short) 1, 8 << 20);
      Path bundle = TestBundles.steering16(dir.resolve("bundle"));
      Process[] instances = {CrashRecoveryIT.instance(bootstrap, bundle, dir, "a0", TOPICS, "soak"),
          CrashRecoveryIT.instance(bootstrap, bundle, dir, "b0", TOPICS, "soak")};
      AtomicLong sent = new AtomicLong();
      long end = System.nanoTime() + (long) (minutes * 60e9);
      Thread producer = new Thread(() -> produce(bootstrap, fps, end, sent), "soak-frames");
      producer.start();
      int kills = 0;
      try {
        while (System.nanoTime() + killEvery * 1_000_000_000L < end) {
          Thread.sleep(killEvery * 1000L);
          int victim = kills % 2;
          instances[victim].destroyForcibly();
          instances[victim].waitFor(30, TimeUnit.SECONDS);
          kills++;
          instances[victim] = CrashRecoveryIT.instance(bootstrap, bundle, dir,
              (victim == 0 ? "a" : "b") + kills, TOPICS, "soak");
        }
        producer.join();
        long frames = sent.get();
        List<Prediction> all = new TopicReader<>(bootstrap, new Properties(),
            AvroSerde.predictions(WireFormat.singleObject()))
            .read(TOPICS.predictions(), frames, Duration.ofSeconds(240), p -> { });
        long distinct = all.stream().map(Prediction::getSequence).distinct().count();
        List<DeadLetter> dead = new TopicReader<>(bootstrap, new Properties(),
            AvroSerde.deadLetters(WireFormat.singleObject()))
            .read(TOPICS.deadLetters(), 0, Duration.ofSeconds(2), d -> { });
        List<Long> latencies = new ArrayList<>(all.stream()
            .map(p -> p.getEmitTimestampMs().toEpochMilli() - p.getCaptureTimestampMs().toEpochMilli()).toList());
        latencies.sort(null);
        System.out.printf("soak: %.1f min, %d fps, %d frames, %d kills (every %d s), %d predictions, "
            + "%d lost, %d duplicates, %d dead letters, capture->emit p50 %d ms, p99 %d ms, max %d ms%n",
            minutes, fps, frames, kills, killEvery, all.size(), frames - distinct, all.size() - distinct,
            dead.size(), percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0));
        assertThat(distinct).as("lost frames").isEqualTo(frames);
        assertThat((long) all.size()).as("duplicates").isEqualTo(frames);
        assertThat(dead).isEmpty();
      } finally {
        for (Process p : instances) {
          p.destroyForcibly();
        }
      }
    }
  }

  private static long percentile(List<Long> sorted, double q) {
    return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  private static void produce(String bootstrap, int fps, long endNanos, AtomicLong sent) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    long period = 1_000_000_000L / fps;
    long next = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (long s = 0; System.nanoTime() < endNanos; s++) {
        String camera = "soak-" + (s % 4);
        Frame frame = TestFrames.frame(camera, s);
        frame.setCaptureTimestampMs(Instant.now());
        producer.send(new ProducerRecord<>(TOPICS.frames(), camera, FRAMES.serialize("f", frame)));
        sent.incrementAndGet();
        next += period;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
