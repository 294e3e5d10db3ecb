package io.ebmperception.stream.topology;

/**
 * The app's topics (see docs/topics.md).
 *
 * @param frames      input: Avro {@code Frame}, key = camera id
 * @param predictions output: Avro {@code Prediction}, key = camera id
 * @param deadLetters output: Avro {@code DeadLetter}, key = the original key
 */
public record Topics(String frames, String predictions, String deadLetters) {
  /** {@code ebm.frames}, {@code ebm.predictions}, {@code ebm.dead-letters}. */
  public static Topics defaults() {
    return new Topics("ebm.frames", "ebm.predictions", "ebm.dead-letters");
  }
}
