package io.ebmperception.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that is not a decodable single-object-encoded Avro message, with the dead-letter
 * reason that classifies it: {@link DeadLetterReason#UNKNOWN_SCHEMA} when the fingerprint names
 * no schema this process knows, {@link DeadLetterReason#DESERIALIZATION} otherwise (bad header,
 * truncated or corrupt body).
 */
public final class AvroDecodingException extends SerializationException {
  private static final long serialVersionUID = 1L;
  private final DeadLetterReason reason;

  public AvroDecodingException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
