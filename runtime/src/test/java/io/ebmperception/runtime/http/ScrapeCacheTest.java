package io.ebmperception.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A scrape storm costs one rendering per second; each Kafka series is exported once. */
class ScrapeCacheTest {

  @Test
  void scrapesWithinASecondShareOneRendering() {
    AtomicLong now = new AtomicLong();
    AtomicInteger version = new AtomicInteger();
    ScrapeCache cache = new ScrapeCache(() -> "body " + version.incrementAndGet(), now::get);
    for (int i = 0; i < 150; i++) {
      assertThat(new String(cache.body(), StandardCharsets.UTF_8)).isEqualTo("body 1");
      now.addAndGet(ScrapeCache.MAX_AGE.toNanos() / 200);
    }
    assertThat(cache.renders()).isEqualTo(1);
    now.addAndGet(ScrapeCache.MAX_AGE.toNanos());
    assertThat(new String(cache.body(), StandardCharsets.UTF_8)).isEqualTo("body 2");
    assertThat(cache.renders()).isEqualTo(2);
  }

  @Test
  void theLegacyUnderscoreCopyOfATopicsKafkaSeriesIsDropped() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(KafkaSeries.onceFor(List.of("ebm.frames", "plain")));
    Counter.builder("kafka.consumer.fetch.manager.records.consumed").tag("topic", "ebm.frames").register(registry);
    Counter.builder("kafka.consumer.fetch.manager.records.consumed").tag("topic", "ebm_frames").register(registry);
    Counter.builder("kafka.consumer.fetch.manager.records.consumed").tag("topic", "plain").register(registry);
    Counter.builder("ebm.dead.letters").tag("topic", "ebm_frames").register(registry); // not Kafka's: kept
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName() + " " + m.getId().getTag("topic"))
        .containsExactlyInAnyOrder("kafka.consumer.fetch.manager.records.consumed ebm.frames",
            "kafka.consumer.fetch.manager.records.consumed plain", "ebm.dead.letters ebm_frames");
  }
}
