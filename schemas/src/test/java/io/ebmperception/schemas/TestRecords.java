package io.ebmperception.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Small records of the schemas for the serde tests. */
final class TestRecords {
  private TestRecords() {}

  /** A 64 × 64 steering frame with three bytes of image and a one-value label. */
  static Frame frame() {
    return Frame.newBuilder().setCameraId("cam-1").setSequence(42)
        .setCaptureTimestampMs(Instant.ofEpochMilli(1_700_000_000_000L))
        .setTask("steering").setEncoding(FrameEncoding.JPEG).setWidth(64).setHeight(64)
        .setBytes(ByteBuffer.wrap(new byte[] {1, 2, 3})).setLabel(List.of(0.5f)).build();
  }
}
