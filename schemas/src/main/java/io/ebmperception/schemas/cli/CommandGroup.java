package io.ebmperception.schemas.cli;

import picocli.CommandLine;

/**
 * The top of a command line made of subcommands (trainer, stream app, bench): run without one, it
 * prints its usage. Its {@code main} configures it with {@link CommandLines#configure} and exits
 * with the command's status ({@link CommandLines#exit}).
 */
public abstract class CommandGroup implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
