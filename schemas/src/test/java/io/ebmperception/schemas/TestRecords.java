package io.ebmperception.schemas;

import java.time.Instant;
import java.util.List;

/** Small records of the schemas for the serde tests. */
final class TestRecords {
  private TestRecords() {}

  /** A 64 × 64 steering frame with three bytes of image and a one-value label. */
  static Frame frame() {
    return FrameRecords.frame("cam-1", 42, Instant.ofEpochMilli(1_700_000_000_000L), CaptureClock.READ, "steering", FrameEncoding.JPEG,
        64, 64, new byte[] {1, 2, 3}, List.of(0.5f));
  }
}
