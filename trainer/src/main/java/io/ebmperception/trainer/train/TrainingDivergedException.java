package io.ebmperception.trainer.train;

/**
 * The loss became NaN or infinite: the run cannot continue. A user-facing condition (usually the
 * learning rate is too high for the data), so the command line reports it in one line.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
