package io.ebmperception.trainer.train;

/**
 * Observes a training run (progress bars, logging, tests). Callbacks run on the training thread
 * and should be quick.
 */
public interface TrainingListener {
  /** Called after every optimiser step. */
  default void onStep(int epoch, int step, int stepsPerEpoch, float loss) {}

  /** Called after every epoch with its mean loss and throughput. */
  default void onEpoch(EpochSummary summary) {}

  /** Whether {@link #onResumePoint} should be called after {@code epoch} (making one costs a copy of the optimiser state). */
  default boolean wantsResumePoint(int epoch, int epochs) {
    return false;
  }

  /** Called after an epoch for which {@link #wantsResumePoint} said yes. */
  default void onResumePoint(ResumePoint point) {}

  /** Whether training should end after {@code epoch} (early stopping); asked after its other callbacks. */
  default boolean shouldStop(int epoch) {
    return false;
  }

  /** A listener that does nothing. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }

  /**
   * @param epoch          1-based epoch number
   * @param epochs         total epochs
   * @param meanLoss       mean loss over the epoch's steps
   * @param samplesPerSecond training examples per second in this epoch
   */
  record EpochSummary(int epoch, int epochs, double meanLoss, double samplesPerSecond) {}
}
