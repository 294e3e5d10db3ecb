package io.ebmperception.stream.vision;

import io.ebmperception.schemas.DeadLetterReason;

/** A frame that cannot be predicted on, with the dead-letter reason and a one-line message. */
public final class FrameRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final DeadLetterReason reason;

  public FrameRejectedException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
