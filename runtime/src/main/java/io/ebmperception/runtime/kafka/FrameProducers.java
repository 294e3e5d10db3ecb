package io.ebmperception.runtime.kafka;

import io.ebmperception.schemas.FrameRecords;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of a producer that publishes frames (`replay`, `ingest`): every frame acknowledged
 * by all in-sync replicas, idempotent, records as large as a frame admitted, and bounded waits, so
 * that a broker that goes away ends in counted failures instead of a producer retrying forever.
 * The user's {@code kafka.*} settings win where they say something.
 */
public final class FrameProducers {
  /** How long a frame may take to be acknowledged before it counts as not delivered. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  private FrameProducers() {}

  /**
   * @param maxBlock how long {@code send} may wait for metadata or room in the producer's buffer
   */
  public static Properties settings(String bootstrap, Properties clientSettings, int frameMaxBytes, Duration maxBlock) {
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, FrameRecords.limit(frameMaxBytes));
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis());
    return p;
  }
}
