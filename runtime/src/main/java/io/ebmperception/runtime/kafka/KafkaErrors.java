package io.ebmperception.runtime.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Names the cause of a Kafka client failure that is not an unreachable broker, in one line for a
 * person: an authentication failure (SASL credentials), a TLS handshake failure (truststore,
 * certificate) or an authorisation failure (an ACL), each with the settings to check. Messages
 * come from the broker and the client, which never echo a password.
 */
public final class KafkaErrors {
  private KafkaErrors() {}

  /** What went wrong, when {@code error} or one of its causes is a security failure. */
  public static Optional<String> securityCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SaslAuthenticationException) {
        return Optional.of("authentication failed: the broker refused the SASL credentials (" + t.getMessage()
            + "); check kafka.sasl.mechanism and the user and password in kafka.sasl.jaas.config");
      }
      if (t instanceof SslAuthenticationException) {
        return Optional.of("TLS handshake failed (" + rootMessage(t) + "); check kafka.security.protocol, "
            + "kafka.ssl.truststore.location and the broker's certificate");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of("authentication failed (" + t.getMessage() + "); check kafka.security.protocol and "
            + "kafka.sasl.*");
      }
      if (t instanceof AuthorizationException) {
        return Optional.of("not authorised: " + t.getMessage() + " (the principal needs ACLs for the topics, "
            + "the consumer group and the transactional ids; see docs/operations.md)");
      }
    }
    return Optional.empty();
  }

  /** {@link #securityCause} or else the error's own message. */
  public static String describe(Throwable error) {
    return securityCause(error).orElseGet(() -> String.valueOf(error.getMessage()));
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
