package io.ebmperception.bench;

import io.ebmperception.schemas.cli.CommandGroup;
import io.ebmperception.schemas.cli.CommandLines;
import io.ebmperception.bench.serving.DecodeBenchCommand;
import io.ebmperception.bench.serving.ImagePathBenchCommand;
import io.ebmperception.bench.serving.TasksBenchCommand;
import io.ebmperception.bench.serving.TrustBenchCommand;
import io.ebmperception.bench.serving.IngestBenchCommand;
import io.ebmperception.bench.serving.IngestOutageBenchCommand;
import io.ebmperception.bench.serving.ModesBenchCommand;
import io.ebmperception.bench.serving.SamplesBenchCommand;
import io.ebmperception.bench.serving.ServingBenchCommand;
import io.ebmperception.bench.training.ReproduceCommand;
import io.ebmperception.bench.training.StepBenchCommand;
import io.ebmperception.bench.training.TrainingBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bench} command line: the measurements behind BENCHMARKS.md (training throughput and a
 * step's parts, the serving path, M and the modes) and the paper's reproductions. A module of its
 * own so that the production jars carry none of it; the launcher runs it for {@code bench*} and
 * {@code reproduce}. A user's mistake ends in one line and exit code 2, as in the other two.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks of the trainer and the serving path, and the paper's reproductions."},
    subcommands = {ServingBenchCommand.class, SamplesBenchCommand.class, ModesBenchCommand.class, DecodeBenchCommand.class,
      ImagePathBenchCommand.class, TrustBenchCommand.class,
      IngestBenchCommand.class, IngestOutageBenchCommand.class, TasksBenchCommand.class,
      TrainingBenchCommand.class, StepBenchCommand.class, ReproduceCommand.class, CommandLine.HelpCommand.class})
public final class BenchCli extends CommandGroup {

  /** Entry point; never downloads anything (DJL offline mode is forced). */
  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    CommandLines.exit(commandLine(), args);
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    return CommandLines.configure(new CommandLine(new BenchCli()));
  }
}
