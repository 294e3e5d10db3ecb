package io.ebmperception.schemas;

import java.util.List;

/**
 * The spellings of a frame's {@code captureClock}: which clock its {@code captureTimestampMs}
 * comes from, so that sensor fusion knows whether a time is the camera's own or the reader's.
 */
public final class CaptureClock {
  /** An RTSP camera's own wall clock, from its RTCP sender reports. */
  public static final String RTCP = "rtcp";
  /** The stream's presentation timestamps, anchored at the wall-clock time its first frame was read. */
  public static final String STREAM = "stream";
  /** The wall-clock time the reader took the frame from the stream (records of Frame version 1). */
  public static final String READ = "read";
  /** A recording's timestamps, replayed. */
  public static final String RECORDING = "recording";
  /** Every spelling. */
  public static final List<String> ALL = List.of(RTCP, STREAM, READ, RECORDING);

  private CaptureClock() {}
}
