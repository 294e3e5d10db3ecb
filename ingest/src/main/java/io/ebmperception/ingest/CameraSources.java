package io.ebmperception.ingest;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a camera's URL says about its source before anything is opened: its protocol, and whether
 * this FFmpeg build can open it at all. {@code rtps://} for {@code rtsp://} is refused when the
 * camera is named, in one line with the protocols that would work, instead of failing with
 * "Protocol not found" at every reconnect.
 */
public final class CameraSources {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");

  private CameraSources() {}

  /** The URL's protocol ({@code rtsp}), or empty for a file or device path. */
  public static Optional<String> protocol(String url) {
    Matcher m = SCHEME.matcher(url);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** Throws a one-line {@link IllegalArgumentException} when FFmpeg here cannot open {@code spec}'s URL. */
  public static void requireOpenable(CameraSpec spec) {
    Optional<String> protocol = protocol(spec.url());
    if (protocol.isEmpty()) {
      return; // a file or a device: FFmpeg says at open whether it is there
    }
    Set<String> known = Ffmpeg.inputSchemes();
    if (!known.contains(protocol.get())) {
      throw new IllegalArgumentException("camera " + spec.id() + ": this FFmpeg cannot open " + protocol.get()
          + ":// URLs (a typo?); it opens " + String.join(", ", known.stream()
              .filter(p -> p.matches("rtsps?|rtmps?|https?|udp|srt|tcp|rtp|file|tls|hls")).toList())
          + ", a V4L2 device such as /dev/video0, or a file");
    }
  }
}
