package io.ebmperception.stream.cli;

import io.ebmperception.schemas.cli.CommandGroup;
import io.ebmperception.schemas.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stream-app} command line: run the app, replay a recording, evaluate a run, or run the
 * whole demo in one process. User mistakes end in one line and exit code 2.
 */
@Command(name = "stream-app", mixinStandardHelpOptions = true,
    description = {
      "Serves energy-based regression models on Kafka: camera frames in, predictions (mean,",
      "covariance, hypotheses, ESS) out, bad frames to a dead-letter topic with the reason."
    },
    subcommands = {RunCommand.class, ReplayCommand.class, EvaluateStreamCommand.class, DemoCommand.class,
        RecordCommand.class, RecalibrateCommand.class,
        CommandLine.HelpCommand.class})
public final class StreamCli extends CommandGroup {

  public static void main(String[] args) {
    CommandLines.exit(commandLine(), args);
  }

  /** The configured command line. */
  public static CommandLine commandLine() {
    return CommandLines.configure(new CommandLine(new StreamCli()));
  }
}
