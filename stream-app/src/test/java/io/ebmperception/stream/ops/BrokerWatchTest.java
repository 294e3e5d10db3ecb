package io.ebmperception.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrokerWatchTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void notReadyOnlyAfterTheGraceAndReadyAgainOnTheNextAnswer() {
    try (BrokerWatch watch = new BrokerWatch("localhost:1", new Properties(), Duration.ofSeconds(1),
        Duration.ofSeconds(30), nanos::get, false)) {
      assertThat(watch.reachable()).isTrue(); // a fresh watch gives the cluster its grace
      nanos.addAndGet(Duration.ofSeconds(29).toNanos());
      assertThat(watch.reachable()).isTrue();
      nanos.addAndGet(Duration.ofSeconds(2).toNanos());
      assertThat(watch.reachable()).isFalse();
      watch.answered();
      assertThat(watch.reachable()).isTrue();
    }
  }

  @Test
  void anUnreachableClusterIsNotAnAnswer() {
    try (BrokerWatch watch = new BrokerWatch("localhost:1", new Properties(), Duration.ofSeconds(1),
        Duration.ZERO, nanos::get, false)) {
      nanos.addAndGet(1);
      watch.ask(); // fails within about the period
      assertThat(watch.reachable()).isFalse();
    }
  }
}
