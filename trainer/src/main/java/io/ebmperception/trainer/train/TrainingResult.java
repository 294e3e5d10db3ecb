package io.ebmperception.trainer.train;

import java.util.List;

/**
 * What a finished run reports about itself.
 *
 * @param epochLosses   mean loss of each epoch, in order
 * @param steps         optimiser steps taken
 * @param wallSeconds   wall time of the training loop
 * @param stepsPerSecond optimiser steps per second
 */
public record TrainingResult(List<Double> epochLosses, int steps, double wallSeconds,
    double stepsPerSecond) {
  public TrainingResult {
    epochLosses = List.copyOf(epochLosses);
  }

  /** Mean loss of the last epoch. */
  public double finalLoss() {
    return epochLosses.get(epochLosses.size() - 1);
  }
}
