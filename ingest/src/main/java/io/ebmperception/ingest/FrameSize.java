package io.ebmperception.ingest;

import java.util.Locale;

/**
 * A frame size as people write it, {@code WxH} (e.g. {@code 1280x720}): the one parser for a
 * camera's {@code size=} option and the benches' {@code --size}.
 */
public record FrameSize(int width, int height) {
  public FrameSize {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("a frame size needs a positive width and height, got " + width + "x" + height);
    }
  }

  /** Parses {@code WxH}; anything else is one line saying so. */
  public static FrameSize parse(String text) {
    String[] wh = text.strip().toLowerCase(Locale.ROOT).split("x");
    try {
      if (wh.length == 2) {
        return new FrameSize(Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()));
      }
    } catch (NumberFormatException e) {
      // fall through to the one message below
    }
    throw new IllegalArgumentException("size '" + text + "' must be WxH, e.g. 1280x720");
  }
}
