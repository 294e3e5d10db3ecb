package io.ebmperception.trainer.cli;

import io.ebmperception.schemas.cli.CommandGroup;
import io.ebmperception.schemas.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trainer} command line: train, evaluate, export and render (the benchmarks and the
 * paper's reproductions are in the bench module). A user's mistake (a bad
 * flag, a malformed CSV, a missing run folder) ends in one line on stderr and exit code 2; only
 * bugs print a stack trace.
 */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Trains energy-based regression models with learned MDN proposals",
      "(Gustafsson et al., AISTATS 2022), evaluates them and exports ONNX model",
      "bundles for the stream app. Runs fully offline: the PyTorch engine comes",
      "from the Maven jars."
    },
    subcommands = {
      TrainCommand.class, EvaluateRunCommand.class, ExportCommand.class, RenderCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TrainerCli extends CommandGroup {

  /** Entry point; never downloads anything (DJL offline mode is forced). */
  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    CommandLines.exit(commandLine(), args);
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    return CommandLines.configure(new CommandLine(new TrainerCli()));
  }
}
