package io.ebmperception.ingest;

import io.ebmperception.runtime.config.SettingsHelp;
import io.ebmperception.schemas.cli.CommandLines;
import picocli.CommandLine;

/**
 * The {@code ingest} process's entry point (its own jar and image): live cameras into the frames
 * topic. User mistakes end in one line and exit code 2.
 */
public final class IngestCli {
  private IngestCli() {}

  public static void main(String[] args) {
    CommandLines.exit(commandLine(), args);
  }

  /** The configured command line. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new IngestCommand());
    cli.getCommandSpec().usageMessage().footer(SettingsHelp.footer(IngestSettings.ALL));
    return CommandLines.configure(cli);
  }
}
