package io.ebmperception.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.ToyDatasets;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.eval.ToyKl;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

  @Test
  void jointMethodLearnsDatasetOneInAFewEpochs() {
    RegressionDataset data = ToyDatasets.gustafsson2020Train();
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).epochs(4).seed(3).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, data, manager);
      EnergyEvaluator evaluator = new EnergyEvaluator(model, manager);
      double before = ToyKl.of(evaluator, 256);
      TrainingResult result = new TrainingLoop(config, TrainingListener.none()).train(model, data, manager);
      double after = ToyKl.of(evaluator, 256);
      System.out.printf("KL before %.4f after %.4f, %.1f steps/s, %.1f s%n", before, after,
          result.stepsPerSecond(), result.wallSeconds());
      assertThat(after).isLessThan(0.5 * before).isLessThan(0.3);
    }
  }
}
