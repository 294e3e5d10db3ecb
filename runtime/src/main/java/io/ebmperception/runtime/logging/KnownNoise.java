package io.ebmperception.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the log lines that healthy runs write at WARN and that say nothing an operator can act
 * on, by their exact message, so that the other warnings of the same loggers still show: the KRaft
 * controller's "Performing controller activation. The metadata log appears to be empty" on a new
 * data folder, and a transactional producer's retry of a write that met the previous transaction
 * still completing ("Got error produce response … retrying … CONCURRENT_TRANSACTIONS", a normal
 * step of exactly-once under a backlog; the retry succeeds, and any other produce error still
 * shows). Installed by logback.xml.
 */
public final class KnownNoise extends TurboFilter {
  private static final String CONTROLLER = "org.apache.kafka.controller.QuorumController";
  private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || level != Level.WARN) {
      return FilterReply.NEUTRAL;
    }
    if (CONTROLLER.equals(logger.getName()) && format.contains("Performing controller activation")) {
      return FilterReply.DENY;
    }
    if (SENDER.equals(logger.getName()) && format.contains("Got error produce response") && params != null
        && params.length > 0 && String.valueOf(params[params.length - 1]).startsWith("CONCURRENT_TRANSACTIONS")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
