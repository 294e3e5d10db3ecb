package io.ebmperception.schemas.cli;

/**
 * The root of the project's own failures that the person running a command can act on: a data file
 * that cannot be read, a training that diverged, a broker or registry that does not answer. Every
 * command line prints one as a single line and exits with {@link CommandLines#USER_ERROR}
 * ({@link CommandLines#configure}); its message is written for that person, names what to change,
 * and never carries credentials. A bug is anything else, and keeps its stack trace.
 */
public abstract class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected UserFacingException(String message) {
    super(message);
  }

  protected UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
