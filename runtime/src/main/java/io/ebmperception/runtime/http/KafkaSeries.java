package io.ebmperception.runtime.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each Kafka client series once. Kafka's clients register their per-topic metrics twice, once
 * with the topic's name and once (a legacy form kept for JMX) with its dots turned into
 * underscores, so {@code sum()} over a topic's series in Prometheus counted {@code ebm.frames}
 * twice. This filter drops the legacy copy of the topics the process uses; a topic that really is
 * named with underscores is not one of them and keeps its series.
 */
public final class KafkaSeries {
  private KafkaSeries() {}

  /** A filter that denies the underscore copies of {@code topics}' Kafka series. */
  public static MeterFilter onceFor(Collection<String> topics) {
    Set<String> legacy = topics.stream().filter(t -> t.contains(".")).map(t -> t.replace('.', '_'))
        .collect(Collectors.toUnmodifiableSet());
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        String topic = id.getTag("topic");
        return id.getName().startsWith("kafka.") && topic != null && legacy.contains(topic)
            ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }
    };
  }
}
