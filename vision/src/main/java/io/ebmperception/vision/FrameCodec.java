package io.ebmperception.vision;

/**
 * How an image travels from a camera to the app, for the trainer to reproduce: losslessly (PNG or
 * raw frames), or as the JPEG that replay, ingest and record publish, which the app decodes at a
 * reduced scale when the frame is much larger than the model's input. MPEG-4 recordings reach the
 * app as {@link #RECORDING_JPEG} too, after the video codec's own loss.
 */
public enum FrameCodec {
  /** The pixels as rendered or read (PNG, RAW_RGB8). */
  LOSSLESS,
  /** JPEG at {@link ImageCodec#RECORDING_JPEG_QUALITY}, decoded as the app decodes frames. */
  RECORDING_JPEG
}
