package io.ebmperception.trainer.cli;

import io.ebmperception.trainer.run.RunFolder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options naming a run folder and one of its checkpoints, shared by evaluate and export. */
final class RunCheckpointOptions {
  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run folder made by train.")
  Path run;

  @Option(names = "--checkpoint", defaultValue = "final", paramLabel = "NAME",
      description = "Checkpoint name in checkpoints/ (final, epoch-25, ...). Default: ${DEFAULT-VALUE}.")
  String checkpoint;

  RunFolder folder() {
    return new RunFolder(run);
  }
}
