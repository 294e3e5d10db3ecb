package io.ebmperception.stream.recording;

import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Collects the answers to one run of frames: the predictions and dead letters of one camera that
 * appear after the collector was opened (it starts at the topics' end offsets, read_committed),
 * so that earlier runs on the same topics are not counted. {@link #collect} waits until every
 * frame of the run has an answer, or until nothing arrived for a no-progress timeout, and says
 * which are missing.
 */
public final class RunCollector implements AutoCloseable {
  /** A frame count not known yet (the replay is still running). */
  public static final long UNKNOWN = -1;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String predictionsTopic;
  private final String camera;
  private final AvroSerde<Prediction> predictions;
  private final AvroSerde<DeadLetter> deadLetters;

  /** What came back for the run. */
  public record Answers(List<Prediction> predictions, List<DeadLetter> deadLetters, boolean timedOut) {
    public long count() {
      return predictions.size() + deadLetters.size();
    }
  }

  /** Hears how the wait goes, every few seconds without news. */
  public interface Progress {
    void waiting(long answered, long expected, Duration sinceLastAnswer);
  }

  /**
   * Opens the collector at the current end of {@code predictionsTopic} and {@code deadLettersTopic}
   * (call it before the run's first frame is sent).
   */
  public RunCollector(String bootstrap, Properties clientSettings, String predictionsTopic, String deadLettersTopic,
      WireFormat wire, String camera) {
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "ebm-run-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.predictionsTopic = predictionsTopic;
    this.camera = camera;
    this.predictions = AvroSerde.predictions(wire);
    this.deadLetters = AvroSerde.deadLetters(wire);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(predictionsTopic, deadLettersTopic)) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30))); // fix the start now
  }

  /**
   * Reads until {@code expected} (may be {@link #UNKNOWN} while the run is still sending) answers
   * arrived, or nothing arrived for {@code noProgress}.
   */
  public Answers collect(LongSupplier expected, Duration noProgress, Consumer<Prediction> each, Progress progress) {
    List<Prediction> predicted = new ArrayList<>();
    List<DeadLetter> dead = new ArrayList<>();
    long lastAnswer = System.nanoTime();
    long lastReport = lastAnswer;
    while (true) {
      long target = expected.getAsLong();
      if (target != UNKNOWN && predicted.size() + dead.size() >= target) {
        return new Answers(predicted, dead, false);
      }
      boolean any = false;
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.topic().equals(predictionsTopic)) {
          Prediction p = predictions.deserialize(r.topic(), r.value());
          if (camera.equals(p.getCameraId())) {
            predicted.add(p);
            each.accept(p);
            any = true;
          }
        } else if (r.key() != null && camera.equals(new String(r.key(), StandardCharsets.UTF_8))) {
          dead.add(deadLetters.deserialize(r.topic(), r.value()));
          any = true;
        }
      }
      long now = System.nanoTime();
      if (any) {
        lastAnswer = now;
        lastReport = now;
      } else if (now - lastAnswer > noProgress.toNanos()) {
        return new Answers(predicted, dead, true);
      } else if (now - lastReport > Duration.ofSeconds(5).toNanos()) {
        progress.waiting(predicted.size() + dead.size(), target, Duration.ofNanos(now - lastAnswer));
        lastReport = now;
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
