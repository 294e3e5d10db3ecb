package io.ebmperception.ingest;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg as the camera readers see it: its own messages routed through the log (instead of
 * written to stderr past any log level), its error numbers in words, and the protocols this build
 * can open, so that a URL it cannot open is refused when the camera is named rather than retried
 * forever.
 */
public final class Ffmpeg {
  private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
  /** Messages FFmpeg writes as errors while a decoder waits for its first key frame: noise at every camera start. */
  private static final Pattern BENIGN = Pattern.compile("Invalid frame dimensions 0x0|non-existing PPS|no frame!"
      + "|decode_slice_header error|Could not find ref with POC");
  private static final Pattern ERROR_NUMBER = Pattern.compile("error (-\\d+)");

  private Ffmpeg() {}

  /**
   * Routes FFmpeg's log through slf4j (logger {@code ffmpeg}) instead of stderr: its fatal
   * messages as errors, its errors at debug (a camera's state line already carries FFmpeg's
   * reason, once per change, where FFmpeg repeats it at every reconnect; the messages of a decoder
   * that waits for its first key frame are noise). FFmpeg has one log callback per process, so this
   * is set once, whoever asks first.
   */
  public static void routeLogs() {
    Holder.ROUTED.hashCode(); // class initialisation installs it, exactly once
  }

  private static final class Holder {
    static final LogCallback ROUTED = install();

    private static LogCallback install() {
      LogCallback callback = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
          String text = message == null ? "" : message.getString().strip();
          if (text.isEmpty()) {
            return;
          }
          if (level <= avutil.AV_LOG_FATAL) {
            LOG.error(text);
          } else if (BENIGN.matcher(text).find()) {
            LOG.trace(text);
          } else {
            LOG.debug(text);
          }
        }
      }.retainReference();
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      avutil.setLogCallback(callback);
      return callback;
    }
  }

  /** {@code message} with each FFmpeg error number ("error -1330794744") followed by its meaning. */
  public static String describe(String message) {
    if (message == null) {
      return "no reason given";
    }
    Matcher m = ERROR_NUMBER.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group() + " (" + meaning(Integer.parseInt(m.group(1))) + ")"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** FFmpeg's own words for an error number. */
  static String meaning(int error) {
    byte[] buffer = new byte[256];
    if (avutil.av_strerror(error, buffer, buffer.length) < 0) {
      return "unknown error";
    }
    int end = 0;
    while (end < buffer.length && buffer[end] != 0) {
      end++;
    }
    return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The URL schemes this FFmpeg build reads from: its input protocols ({@code udp}, {@code http},
   * {@code file}, …) and the demuxers that take a URL of their own ({@code rtsp}).
   */
  public static Set<String> inputSchemes() {
    Set<String> out = inputProtocols();
    for (String demuxer : new String[] {"rtsp"}) {
      if (avformat.av_find_input_format(demuxer) != null) {
        out.add(demuxer);
        out.add(demuxer + "s"); // the same demuxer over TLS, where the build has tls (checked below)
      }
    }
    if (!out.contains("tls")) {
      out.remove("rtsps");
    }
    return out;
  }

  /** The protocols this FFmpeg build reads from ({@code udp}, {@code file}, …). */
  static Set<String> inputProtocols() {
    Set<String> out = new TreeSet<>();
    try (PointerPointer<Pointer> opaque = new PointerPointer<>(1)) {
      opaque.put(0, (Pointer) null);
      for (BytePointer name = avformat.avio_enum_protocols(opaque, 0); name != null && !name.isNull();
          name = avformat.avio_enum_protocols(opaque, 0)) {
        out.add(name.getString().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
