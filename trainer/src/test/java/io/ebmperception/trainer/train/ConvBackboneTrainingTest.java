package io.ebmperception.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ebmperception.trainer.scenes.HeadScenes;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.ScaleCropAugmentation;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.eval.MdnNllEvaluation;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small CNN trains on rendered heads: batch norm keeps running statistics, Adam the rest. */
class ConvBackboneTrainingTest {

  @Test
  void cnnLearnsHeadPoseWithAugmentationAndBatchNormStatisticsAreTracked() {
    RegressionDataset train = HeadScenes.dataset(256, 24, 1);
    RegressionDataset test = HeadScenes.dataset(64, 24, 2);
    TrainingConfig config = TrainingConfig.builder().method(Method.MDN_NLL).components(4).epochs(6)
        .seed(2).architecture(Architecture.smallImage()).augmentation(ScaleCropAugmentation.headPose())
        .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, train, manager);
      Map<String, float[]> before = snapshot(model);
      EnergyEvaluator evaluator = new EnergyEvaluator(model, manager);
      double nllBefore = MdnNllEvaluation.of(evaluator, test);
      TrainingResult result = new TrainingLoop(config, TrainingListener.none()).train(model, train, manager);
      double nllAfter = MdnNllEvaluation.of(evaluator, test);
      assertThat(result.epochLosses().get(5)).isLessThan(result.epochLosses().get(0));
      assertThat(nllAfter).isLessThan(nllBefore - 1);
      Map<String, float[]> after = snapshot(model);
      int runningChanged = 0;
      for (Pair<String, Parameter> p : model.getParameters()) {
        boolean changed = !java.util.Arrays.equals(before.get(p.getKey()), after.get(p.getKey()));
        if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar")) {
          assertThat(p.getValue().requiresGradient()).isFalse();
          runningChanged += changed ? 1 : 0;
        } else {
          assertThat(changed).as(p.getKey() + " was trained").isTrue();
        }
      }
      assertThat(runningChanged).isEqualTo(8); // mean and variance of the 4 batch norms
    }
  }

  private static Map<String, float[]> snapshot(ProbabilisticRegressor model) {
    Map<String, float[]> values = new HashMap<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      values.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return values;
  }
}
