package io.ebmperception.stream.vision;

/**
 * Limits a frame must respect before it is decoded, so that a hostile or broken producer cannot
 * make the app allocate unbounded memory.
 *
 * @param maxBytes  largest encoded frame accepted
 * @param maxPixels largest width × height accepted
 */
public record FrameLimits(int maxBytes, long maxPixels) {
  /** 8 MiB and 4096 × 4096 pixels. */
  public static FrameLimits defaults() {
    return new FrameLimits(8 << 20, 4096L * 4096L);
  }
}
