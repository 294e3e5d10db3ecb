package io.ebmperception.stream.io;

/**
 * How large a Kafka record that carries a frame can be: the frame's encoded bytes plus room for
 * its key, Avro envelope and label. Topics that carry frames (frames, dead letters) and producers
 * that write them size their limits from it, so that the app's {@code frame.max.bytes} is the
 * only limit a user has to think about.
 */
public final class FrameRecords {
  /** Room for a frame record's key, Avro envelope and label around its image bytes. */
  public static final int OVERHEAD_BYTES = 64 * 1024;

  private FrameRecords() {}

  /** The largest record a topic carrying frames of up to {@code frameMaxBytes} must admit. */
  public static int limit(int frameMaxBytes) {
    return frameMaxBytes + OVERHEAD_BYTES;
  }
}
