package io.ebmperception.stream.cli;

import io.ebmperception.stream.io.FrameSource;
import io.ebmperception.stream.io.LabelTable;
import io.ebmperception.stream.io.Replayer;
import io.ebmperception.stream.ops.AppConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stream-app replay}: publish a recording to the frames topic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Publishes a video file (any format FFmpeg reads) or a folder of images as JPEG frames.")
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
    AppConfig cfg = config.load();
    String bootstrap = cfg.clientBootstrap();
    Replayer replayer = new Replayer(bootstrap, cfg.kafkaClientSettings(), cfg.string("topics.frames"));
    try (FrameSource frames = FrameSource.open(source, fps)) {
      long sent = replayer.replay(frames, new Replayer.Options(camera, task, !fast, maxFrames,
          labels == null ? null : LabelTable.read(labels)), f -> { });
      spec.commandLine().getOut().printf("sent %d frames to %s on %s%n", sent, cfg.string("topics.frames"), bootstrap);
    }
    return 0;
  }
}
