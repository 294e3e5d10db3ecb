package io.ebmperception.stream.vision;

/**
 * Limits a frame must respect before it is decoded, so that a hostile or broken producer cannot
 * make the app allocate unbounded memory, and a frame too old to act on is not predicted.
 *
 * @param maxBytes  largest encoded frame accepted
 * @param maxPixels largest width × height accepted
 * @param maxAge    oldest frame predicted (now − its capture time when its turn comes; zero: any age)
 */
public record FrameLimits(int maxBytes, long maxPixels, java.time.Duration maxAge) {
  /** Limits on size alone. */
  public FrameLimits(int maxBytes, long maxPixels) {
    this(maxBytes, maxPixels, java.time.Duration.ZERO);
  }

  /** 8 MiB and 4096 × 4096 pixels, any age. */
  public static FrameLimits defaults() {
    return new FrameLimits(8 << 20, 4096L * 4096L);
  }
}
