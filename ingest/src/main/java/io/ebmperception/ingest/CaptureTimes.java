package io.ebmperception.ingest;

import io.ebmperception.schemas.CaptureClock;

/**
 * When a camera's frames were captured, by the best clock the stream offers (one instance per
 * opened stream): an RTSP camera's own wall clock where its RTCP sender reports gave FFmpeg one
 * ({@link CaptureClock#RTCP}: the real-world time of pts 0 plus the frame's pts), else the
 * stream's presentation timestamps mapped to the wall clock by the smallest delay seen so far
 * between a frame's pts and its read ({@link CaptureClock#STREAM}: the camera's own frame spacing,
 * free of the reader's jitter, and never later than the frame was read), else the read time
 * ({@link CaptureClock#READ}). A presentation time that jumps back, or a frame read more than
 * {@link #MAX_STRAY_MICROS} after its mapped time (a discontinuity, a camera clock slower than the
 * host's), maps the stream again from that frame.
 */
final class CaptureTimes {
  /** How far a stream-clock time may stray from the read time before it is anchored again. */
  static final long MAX_STRAY_MICROS = 1_000_000;
  /** FFmpeg's "no value" (AV_NOPTS_VALUE). */
  static final long NONE = Long.MIN_VALUE;
  private long anchorWallMicros = NONE;
  private long anchorPtsMicros;
  private long lastPtsMicros = NONE;

  /** A frame's capture time and the clock it comes from. */
  record Stamp(long millis, String clock) {}

  /**
   * @param ptsMicros          the frame's presentation time in µs on the stream's time line, or {@link #NONE}
   * @param realtimeAtZeroMicros the real-world time of pts 0 in µs since the epoch (RTCP), or {@link #NONE}
   * @param readMicros         the wall-clock time the frame was read, µs since the epoch
   */
  Stamp stamp(long ptsMicros, long realtimeAtZeroMicros, long readMicros) {
    if (ptsMicros == NONE) {
      return new Stamp(readMicros / 1000, CaptureClock.READ);
    }
    if (realtimeAtZeroMicros != NONE && realtimeAtZeroMicros > 0) {
      long t = realtimeAtZeroMicros + ptsMicros;
      if (Math.abs(t - readMicros) <= 10 * MAX_STRAY_MICROS) { // a camera clock that is wildly off is not used
        lastPtsMicros = ptsMicros;
        return new Stamp(t / 1000, CaptureClock.RTCP);
      }
    }
    boolean jumpedBack = lastPtsMicros != NONE && ptsMicros < lastPtsMicros;
    long t = anchorWallMicros + (ptsMicros - anchorPtsMicros);
    if (anchorWallMicros == NONE || jumpedBack || readMicros - t > MAX_STRAY_MICROS || t > readMicros) {
      // first frame, a discontinuity, or a delay smaller than any before (this frame came quicker,
      // e.g. the first ones were read from a buffer): map the stream by this frame
      anchorWallMicros = readMicros;
      anchorPtsMicros = ptsMicros;
      t = readMicros;
    }
    lastPtsMicros = ptsMicros;
    return new Stamp(t / 1000, CaptureClock.STREAM);
  }
}
