package io.ebmperception.stream.recording;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as an outside client would, seeing only committed
 * transactions ({@code isolation.level=read_committed}), until enough records arrived or the topic
 * has been quiet for a while.
 *
 * @param <V> record value type
 */
public final class TopicReader<V> {
  private final String bootstrap;
  private final Properties clientSettings;
  private final Deserializer<V> values;

  public TopicReader(String bootstrap, Properties clientSettings, Deserializer<V> values) {
    this.bootstrap = bootstrap;
    this.clientSettings = clientSettings;
    this.values = values;
  }

  /**
   * Reads {@code topic}.
   *
   * @param expected stop after this many records (0: only on idleness)
   * @param idle     stop when nothing arrived for this long
   * @param each     sees every record as it arrives
   */
  public List<V> read(String topic, long expected, Duration idle, Consumer<V> each) {
    List<V> out = new ArrayList<>();
    forEach(topic, expected, idle, v -> {
      out.add(v);
      each.accept(v);
    });
    return out;
  }

  /**
   * Like {@link #read}, without keeping the records (for topics larger than memory); returns how
   * many were read.
   */
  public long forEach(String topic, long expected, Duration idle, Consumer<V> each) {
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "ebm-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long count = 0;
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long lastArrival = System.nanoTime();
      while (expected <= 0 || count < expected) {
        var records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, V> r : records) {
          count++;
          each.accept(r.value());
        }
        if (!records.isEmpty()) {
          lastArrival = System.nanoTime();
        } else if (System.nanoTime() - lastArrival > idle.toNanos()) {
          break;
        }
      }
    }
    return count;
  }
}
