package io.ebmperception.ingest;

/**
 * The rate limit of one camera, a token bucket on the frames' times on the stream's own time line
 * (their pts; the read time for a stream without one): a token accrues every
 * 1 / fps seconds, a frame is kept when one is there, and the bucket holds up to a quarter second of
 * frames (at least two). A camera at or below its fps keeps every frame even when they arrive in
 * bursts (the bucket absorbs the bunching that decoding and networks add: with a gap test, frames
 * that arrived closer than 1 / fps were dropped although the camera kept its rate, 21% at 30 fps);
 * one above it is thinned to the limit, evenly once the bucket has emptied. The camera's own frame
 * spacing decides, not the reader's jitter nor the bunching of frames read from a buffer at open.
 */
final class FrameRate {
  private final double perMicro;
  private final double capacity;
  private double tokens;
  private long lastMicros = Long.MIN_VALUE;

  FrameRate(double fps) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive, got " + fps);
    }
    this.perMicro = fps / 1e6;
    this.capacity = Math.max(2, fps / 4);
    this.tokens = capacity;
  }

  /** Whether the frame captured at {@code micros} is kept. */
  boolean keep(long micros) {
    if (lastMicros != Long.MIN_VALUE) {
      long elapsed = Math.max(0, micros - lastMicros); // a clock that steps back adds nothing
      tokens = Math.min(capacity, tokens + elapsed * perMicro);
    }
    lastMicros = micros;
    if (tokens >= 1 - 1e-3) { // a thousandth of a token: clocks in whole µs must not skip a frame on rounding
      tokens = Math.max(0, tokens - 1);
      return true;
    }
    return false;
  }
}
