package io.ebmperception.stream.replay;

/**
 * One frame read from a recording.
 *
 * @param index       0-based frame number
 * @param timestampMs presentation time relative to the start of the recording
 * @param width       pixels
 * @param height      pixels
 * @param jpeg        the frame encoded as JPEG
 */
public record SourceFrame(long index, long timestampMs, int width, int height, byte[] jpeg) {}
