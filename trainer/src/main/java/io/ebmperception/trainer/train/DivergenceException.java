package io.ebmperception.trainer.train;

import io.ebmperception.schemas.cli.UserFacingException;

/**
 * The loss became NaN or infinite: the run cannot continue. A user-facing condition (usually the
 * learning rate is too high for the data), so the command line reports it in one line.
 */
public final class DivergenceException extends UserFacingException {
  private static final long serialVersionUID = 1L;

  public DivergenceException(String message) {
    super(message);
  }
}
