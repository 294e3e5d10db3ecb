package io.ebmperception.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
  @Test
  void repeatedFailuresWithinTheWindowAreStuckUntilTheyAge() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong nanos = new AtomicLong();
    StreamThreadFailures failures = new StreamThreadFailures(registry, nanos::get);
    StreamsException error = new StreamsException("task 0_1 failed",
        new RecordTooLargeException("The message is 1318490 bytes when serialized"));
    failures.failed(error);
    failures.failed(error);
    assertThat(failures.stuck()).isEmpty();
    nanos.addAndGet(10_000_000_000L);
    failures.failed(error);
    assertThat(failures.stuck()).hasValueSatisfying(r -> assertThat(r)
        .contains("failed 3 times", "RecordTooLargeException: The message is 1318490 bytes"));
    assertThat(registry.scrape()).contains("ebm_stream_thread_replacements_total 3.0")
        .containsPattern("ebm_stream_thread_last_failure_timestamp_seconds [1-9]");
    nanos.addAndGet(StreamThreadFailures.WINDOW.toNanos() - 5_000_000_000L);
    assertThat(failures.stuck()).isEmpty(); // two of the three have aged out
  }
}
