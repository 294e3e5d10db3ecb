package io.ebmperception.trainer.cli;

import picocli.CommandLine;

/** Prints the trainer's version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = TrainerCli.class.getPackage().getImplementationVersion();
    return new String[] {"ebm-perception trainer " + (v == null ? "development build" : v)};
  }
}
