package io.ebmperception.runtime.http;

import io.ebmperception.schemas.cli.UserFacingException;

/**
 * A port this process was told to listen on is held by another process: a setting to change, not a
 * bug. The message names the port and the setting (the command line prints it in one line, exit 2).
 */
public final class PortTakenException extends UserFacingException {
  private static final long serialVersionUID = 1L;

  /**
   * @param what    what was to listen there ("health and metrics", "the embedded broker")
   * @param address host:port
   * @param setting the setting that chose the port
   * @param hint    what else may hold it, or empty
   */
  public PortTakenException(String what, String address, String setting, String hint) {
    super("cannot start " + what + ": " + address + " is taken by another process" + hint + "; set " + setting
        + " to another port (0 picks a free one)");
  }

  /** Whether {@code e} or one of its causes says an address is in use. */
  public static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
