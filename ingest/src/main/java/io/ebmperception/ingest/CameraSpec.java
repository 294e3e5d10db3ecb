package io.ebmperception.ingest;

/**
 * One live source of {@code ingest}: a camera id (the frames' record key), where to read it, the
 * task its frames are for, the most frames per second to publish, and an optional resize at the
 * edge.
 *
 * @param id     camera id
 * @param url    anything FFmpeg opens: {@code rtsp://}, {@code http(s)://}, {@code udp://},
 *               {@code srt://}, a V4L2 device ({@code /dev/video0}) or a file
 * @param task   the task of its frames (must match the served model's)
 * @param fps    the most frames per second published (frames above it are skipped at the edge)
 * @param width  resize to this width before encoding (0: keep the camera's size)
 * @param height resize to this height (0: keep; both or neither)
 */
public record CameraSpec(String id, String url, String task, double fps, int width, int height) {
  /** The task of a camera that does not say (the default of {@code ingest.task}). */
  public static final String DEFAULT_TASK = "steering";
  /** The most frames/s of a camera that does not say (the default of {@code ingest.fps}). */
  public static final double DEFAULT_FPS = 15;

  public CameraSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a camera needs an id");
    }
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("camera " + id + " needs a URL");
    }
    if (!(fps > 0)) {
      throw new IllegalArgumentException("camera " + id + ": fps must be positive, got " + fps);
    }
    if (width < 0 || height < 0 || (width == 0) != (height == 0)) {
      throw new IllegalArgumentException("camera " + id + ": resize needs both width and height, got "
          + width + " x " + height);
    }
  }

  /**
   * Parses {@code id=url[,task=T][,fps=F][,size=WxH]} (the {@code --camera} option), with
   * {@code defaults} for what it leaves out.
   */
  public static CameraSpec parse(String text, String defaultTask, double defaultFps) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("camera '" + text + "' must be ID=URL[,task=T][,fps=F][,size=WxH]");
    }
    String id = text.substring(0, eq).strip();
    String[] parts = text.substring(eq + 1).split(",");
    String url = parts[0].strip();
    String task = defaultTask;
    double fps = defaultFps;
    int w = 0;
    int h = 0;
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      String key = kv[0].strip();
      String value = kv.length > 1 ? kv[1].strip() : "";
      if (!java.util.List.of("task", "fps", "size").contains(key)) {
        throw new IllegalArgumentException("camera " + id + ": unknown option '" + key + "' (task, fps or size)");
      }
      try {
        switch (key) {
          case "task" -> task = value;
          case "fps" -> fps = Double.parseDouble(value);
          default -> {
            FrameSize size = FrameSize.parse(value);
            w = size.width();
            h = size.height();
          }
        }
      } catch (IllegalArgumentException e) { // a number or a size that is not one
        throw new IllegalArgumentException("camera " + id + ": bad value '" + value + "' for " + key);
      }
    }
    return new CameraSpec(id, url, task, fps, w, h);
  }
}
