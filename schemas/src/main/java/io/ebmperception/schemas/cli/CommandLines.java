package io.ebmperception.schemas.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The one place that decides how the project's command lines (trainer, stream app, bench, ingest)
 * answer a mistake: a wrong option prints one line with a pointer to {@code --help}; a
 * {@link UserFacingException}, an {@link IllegalArgumentException} (a value the code refused) or an
 * {@link UncheckedIOException} (a file or folder that cannot be read or written) prints
 * {@code error: <message>}; all of them exit with {@link #USER_ERROR}. Anything else is a bug and
 * keeps picocli's stack trace.
 */
public final class CommandLines {
  /** The exit status of a user's mistake (picocli's own usage errors use it too). */
  public static final int USER_ERROR = 2;

  private CommandLines() {}

  /** Installs the project's error handling on {@code cli} and returns it. */
  public static CommandLine configure(CommandLine cli) {
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("error: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName() + " --help)");
      return USER_ERROR;
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (isUserError(e)) {
        cmd.getErr().println("error: " + e.getMessage());
        return USER_ERROR;
      }
      throw e;
    });
    return cli;
  }

  /** Runs {@code cli} on {@code args} and ends the process with its exit status. */
  public static void exit(CommandLine cli, String[] args) {
    System.exit(configure(cli).execute(args));
  }

  /** Whether {@code e} is a user's mistake rather than a bug. */
  public static boolean isUserError(Throwable e) {
    return e instanceof UserFacingException || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException;
  }
}
