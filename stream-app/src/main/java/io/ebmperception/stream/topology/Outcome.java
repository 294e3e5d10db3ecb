package io.ebmperception.stream.topology;

import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Prediction;

/**
 * What became of one frame: a prediction, a rejection bound for the dead-letter topic, or nothing
 * yet because a service the frame needs (the schema registry) is away.
 */
public sealed interface Outcome {
  /** The frame was predicted. */
  record Predicted(Prediction prediction) implements Outcome {}

  /** The frame was set aside. */
  record Rejected(DeadLetterReason reason, String message) implements Outcome {}

  /**
   * The frame could not be read for a dependency's sake, not its own: it is kept, in order, and
   * tried again; never dead-lettered for it.
   */
  record Deferred(String why) implements Outcome {}
}
