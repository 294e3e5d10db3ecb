package io.ebmperception.stream.cli;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.stream.replay.FrameSource;
import io.ebmperception.stream.replay.LabelTable;
import io.ebmperception.stream.replay.Replayer;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stream-app replay}: publish a recording to the frames topic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Publishes a video file (any format FFmpeg reads) or a folder of images as JPEG frames.",
        "Every send is checked: the summary counts the frames the broker acknowledged and lists the "
            + "others with their reason. Exit code 0 when every frame was delivered, 1 when some were "
            + "not, 2 for a mistake (no such file, unreachable cluster: within 15 s)."})
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "VIDEO|FOLDER", description = "The recording.")
  Path source;

  @Option(names = "--labels", paramLabel = "CSV", description = "Labels: frame index, then D values.")
  Path labels;

  @Option(names = "--camera", defaultValue = "cam-0", description = "Camera id (record key). Default: ${DEFAULT-VALUE}.")
  String camera;

  @Option(names = "--task", defaultValue = "steering", description = "Task of the frames. Default: ${DEFAULT-VALUE}.")
  String task;

  @Option(names = "--fast", description = "As fast as possible instead of at the recording's rate.")
  boolean fast;

  @Option(names = "--fps", defaultValue = "15", description = "Frame rate of an image folder. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--max-frames", defaultValue = "0", description = "Stop after N frames (0: all).")
  long maxFrames;

  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() {
    AppConfig cfg = AppConfig.from(config);
    String bootstrap = cfg.clientBootstrap();
    Replayer replayer = new Replayer(bootstrap, cfg.kafkaClientSettings(), cfg.get(SharedSettings.FRAMES_TOPIC),
        cfg.wireFormat(), cfg.get(SharedSettings.FRAME_MAX_BYTES));
    LabelTable table = labels == null ? null : LabelTable.read(labels);
    try (FrameSource frames = FrameSource.open(source, fps)) {
      Replayer.Result result = replayer.replay(frames, new Replayer.Options(camera, task, !fast, maxFrames,
          table), f -> { });
      java.io.PrintWriter out = spec.commandLine().getOut();
      out.printf("sent %d frames to %s on %s: %d delivered, %d not delivered%n", result.sent(),
          cfg.get(SharedSettings.FRAMES_TOPIC), bootstrap, result.delivered(), result.failures().size());
      if (!result.complete()) {
        out.println(describeFailures(result));
        return 1;
      }
    }
    return 0;
  }

  /** The frames a replay did not deliver (the first ten, then a count) and why it stopped early. */
  static String describeFailures(Replayer.Result result) {
    StringBuilder s = new StringBuilder();
    int shown = 0;
    for (Replayer.Failure f : result.failures()) {
      if (shown++ == 10) {
        s.append("  ... and ").append(result.failures().size() - 10).append(" more\n");
        break;
      }
      s.append("  frame ").append(f.index()).append(" not delivered: ").append(f.reason()).append('\n');
    }
    if (result.stopped() != null) {
      s.append("  ").append(result.stopped()).append('\n');
    }
    return s.toString().stripTrailing();
  }
}
