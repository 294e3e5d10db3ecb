package io.ebmperception.runtime.kafka;

import io.ebmperception.schemas.cli.UserFacingException;

/**
 * The cluster answered but refused this client: failed authentication, a failed TLS handshake, or
 * a missing ACL ({@link KafkaErrors} words it). Like {@link KafkaUnreachableException}, the command
 * line reports it in one line with exit code 2; it is a setting, not a bug.
 */
public final class KafkaAccessException extends UserFacingException {
  public KafkaAccessException(String message) {
    super(message);
  }
}
