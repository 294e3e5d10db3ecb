package io.ebmperception.trainer.data;

import io.ebmperception.schemas.cli.UserFacingException;

/**
 * A user's data file cannot be read: the message names the file, line and column and says what
 * was expected, so the command line can print it as one line instead of a stack trace.
 */
public final class DataFormatException extends UserFacingException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
