package io.ebmperception.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * How large a Kafka record that carries a frame can be: the frame's encoded bytes plus room for
 * its key, Avro envelope and label; and a record that carries such a record inside (a dead letter
 * with the original bytes, an entry of the partition buffer's changelog) plus room again. Topics
 * that carry frames and producers that write them size their limits from here, so that the app's
 * {@code frame.max.bytes} is the only limit a user has to think about. It also builds the frame
 * records themselves ({@link #frame}), so a frame has one shape wherever it is made.
 */
public final class FrameRecords {
  /** The largest encoded frame by default (the app's {@code frame.max.bytes}). */
  public static final int DEFAULT_FRAME_MAX_BYTES = 8 << 20;
  /** Room for a frame record's key, Avro envelope and label around its image bytes. */
  public static final int OVERHEAD_BYTES = 64 * 1024;

  private FrameRecords() {}

  /**
   * The one way a frame record is built from an encoded image: what replays, live cameras and the
   * benches publish.
   *
   * @param clock which clock {@code capturedAt} comes from ({@link CaptureClock})
   * @param label the frame's label, or null
   */
  public static Frame frame(String cameraId, long sequence, Instant capturedAt, String clock, String task,
      FrameEncoding encoding, int width, int height, byte[] bytes, java.util.List<Float> label) {
    if (!CaptureClock.ALL.contains(clock)) {
      throw new IllegalArgumentException("capture clock '" + clock + "' is none of " + CaptureClock.ALL);
    }
    return Frame.newBuilder().setCameraId(cameraId).setSequence(sequence).setCaptureTimestampMs(capturedAt)
        .setCaptureClock(clock).setTask(task).setEncoding(encoding).setWidth(width).setHeight(height)
        .setBytes(ByteBuffer.wrap(bytes)).setLabel(label).build();
  }

  /** The largest frame record: what the frames topic must admit for frames of {@code frameMaxBytes}. */
  public static int limit(int frameMaxBytes) {
    return frameMaxBytes + OVERHEAD_BYTES;
  }

  /**
   * The largest record that wraps a frame record (dead letters, the partition buffer's changelog):
   * what those topics and the app's producer must admit.
   */
  public static int wrappedLimit(int frameMaxBytes) {
    return limit(frameMaxBytes) + OVERHEAD_BYTES;
  }
}
