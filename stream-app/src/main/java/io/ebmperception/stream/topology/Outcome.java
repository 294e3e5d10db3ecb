package io.ebmperception.stream.topology;

import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Prediction;

/** What became of one frame: a prediction, or a rejection bound for the dead-letter topic. */
public sealed interface Outcome {
  /** The frame was predicted. */
  record Predicted(Prediction prediction) implements Outcome {}

  /** The frame was set aside. */
  record Rejected(DeadLetterReason reason, String message) implements Outcome {}
}
