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
    java.util.List<String> footer = new java.util.ArrayList<>(java.util.List.of("", "Examples:",
        "  --camera front=rtsp://10.0.0.5:554/stream1,fps=15",
        "  --camera cabin=/dev/video0,task=headpose,size=256x256",
        "  --camera rig=udp://0.0.0.0:5000"));
    footer.addAll(java.util.List.of(SettingsHelp.footer(IngestSettings.ALL)));
    cli.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    return CommandLines.configure(cli);
  }
}
