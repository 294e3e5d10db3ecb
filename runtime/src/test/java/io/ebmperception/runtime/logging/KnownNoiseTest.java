package io.ebmperception.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class KnownNoiseTest {
  private final LoggerContext context = new LoggerContext();
  private final KnownNoise filter = new KnownNoise();

  @Test
  void theControllersActivationWarningIsDroppedAndItsOtherWarningsKept() {
    var controller = context.getLogger("org.apache.kafka.controller.QuorumController");
    assertThat(filter.decide(null, controller, Level.WARN, "[QuorumController id={}] Performing controller activation. "
        + "The metadata log appears to be empty.", null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, controller, Level.WARN, "[QuorumController id={}] Renouncing leadership", null, null))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context.getLogger("other"), Level.WARN, "Performing controller activation", null,
        null)).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void aTransactionalRetryOfConcurrentTransactionsIsDroppedAndOtherProduceErrorsKept() {
    var sender = context.getLogger("org.apache.kafka.clients.producer.internals.Sender");
    String format = "[Producer clientId=app-1, transactionalId=app-1] Got error produce response with correlation id {} "
        + "on topic-partition {}, retrying ({} attempts left). Error: {}";
    assertThat(filter.decide(null, sender, Level.WARN, format, new Object[] {14, "ebm.predictions-3", 2147483646,
        "CONCURRENT_TRANSACTIONS"}, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, sender, Level.WARN, format, new Object[] {14, "ebm.predictions-3", 2147483646,
        "NOT_ENOUGH_REPLICAS"}, null)).isEqualTo(FilterReply.NEUTRAL);
  }
}
