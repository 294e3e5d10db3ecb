package io.ebmperception.trainer.run;

import io.ebmperception.trainer.train.TrainingResult;
import java.util.Map;

/**
 * What one experiment produced.
 *
 * @param folder   the run folder
 * @param training loss history and speed
 * @param metrics  evaluation metrics of the task
 */
public record ExperimentResult(RunFolder folder, TrainingResult training, Map<String, Double> metrics) {
  public ExperimentResult {
    metrics = Map.copyOf(metrics);
  }
}
