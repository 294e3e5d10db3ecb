package io.ebmperception.runtime.kafka;

import io.ebmperception.schemas.cli.UserFacingException;

/**
 * No broker of the configured cluster answered within the allowed time. The command line reports
 * it in one line with exit code 2: it is a setting or an outage, not a bug.
 */
public final class KafkaUnreachableException extends UserFacingException {
  public KafkaUnreachableException(String message) {
    super(message);
  }
}
