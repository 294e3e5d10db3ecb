package io.ebmperception.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ebmperception.trainer.train.Method;
import org.junit.jupiter.api.Test;

class TorchDefaultInitializerTest {

  @Test
  void everyLayerIsUniformWithinItsFanInBoundAndTheSplitJointLayerUsesTheConcatenatedFanIn() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      ProbabilisticRegressor model = ProbabilisticRegressor.of(
          Method.NCE_KL.modelSpec(new long[] {1}, 1, 4, new Architecture(
              new int[] {64, 64}, new int[] {64, 64}, 64, true, 64, Backbone.MLP)));
      model.initialize(manager);
      for (Pair<String, Parameter> p : model.getParameters()) {
        float max = p.getValue().getArray().abs().max().getFloat();
        boolean joint = p.getKey().contains("Projection");
        // fan-in is 64 for every layer but the first of each branch (fan-in 1) and the
        // joint layer (64 + 64).
        double bound = joint ? 1 / Math.sqrt(128) : 1.0;
        assertThat((double) max).as(p.getKey()).isLessThanOrEqualTo(bound + 1e-6);
        if (joint) {
          assertThat((double) max).as(p.getKey()).isGreaterThan(0.8 / Math.sqrt(128));
        }
      }
    }
  }
}
