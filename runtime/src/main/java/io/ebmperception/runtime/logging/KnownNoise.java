package io.ebmperception.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the log lines that every healthy start of the embedded broker writes at WARN and that say
 * nothing an operator can act on, by their exact message, so that the other warnings of the same
 * loggers still show: today the KRaft controller's "Performing controller activation. The metadata
 * log appears to be empty" on a new data folder. Installed by logback.xml.
 */
public final class KnownNoise extends TurboFilter {
  private static final String CONTROLLER = "org.apache.kafka.controller.QuorumController";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format != null && CONTROLLER.equals(logger.getName()) && level == Level.WARN
        && format.contains("Performing controller activation")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
