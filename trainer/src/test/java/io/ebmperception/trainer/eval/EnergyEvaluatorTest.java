package io.ebmperception.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import org.junit.jupiter.api.Test;

/** The evaluator's chunks: bounded in bytes whatever the grid, and invisible in the results. */
class EnergyEvaluatorTest {

  private static ProbabilisticRegressor model(NDManager manager, Architecture architecture, long[] inputShape) {
    Engine.getInstance().setRandomSeed(3);
    ProbabilisticRegressor model = ProbabilisticRegressor.of(
        Method.NCE_KL.modelSpec(inputShape, 1, 4, architecture));
    model.initialize(manager);
    return model;
  }

  @Test
  void aChunksActivationsStayWithinTheBudgetForSmallAndImageNetworks() {
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Architecture a : new Architecture[] {Architecture.toy(), Architecture.image()}) {
        long[] shape = a == Architecture.toy() ? new long[] {1} : new long[] {3, 8, 8};
        EnergyEvaluator evaluator = new EnergyEvaluator(model(manager, a, shape), manager);
        for (int points : new int[] {1, 1024, 2048, 27_000}) {
          int inputs = evaluator.inputsPerChunk(100_000, points);
          long bytes = 8L * a.energyFloatsPerSample() * points * inputs;
          assertThat(inputs).isPositive();
          assertThat(inputs == 1 || bytes <= EnergyEvaluator.CHUNK_BYTES).as("%s at %d points", a, points).isTrue();
        }
      }
      // the reference KL grid (2048 x 2048) on the toy network: many chunks, not one of 4 million pairs
      EnergyEvaluator toy = new EnergyEvaluator(model(manager, Architecture.toy(), new long[] {1}), manager);
      assertThat(toy.inputsPerChunk(2048, 2048)).isLessThan(2048);
    }
  }

  @Test
  void pairedEnergiesAreTheSameInChunksAsOneByOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EnergyEvaluator evaluator = new EnergyEvaluator(model(manager, Architecture.toy(), new long[] {1}), manager);
      int n = 300_000; // more than one chunk of paired inputs
      float[] x = new float[n];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (i % 997) / 300f - 1.5f;
        y[i] = (i % 613) / 200f - 1.5f;
      }
      assertThat(evaluator.inputsPerChunk(n, 1)).isLessThan(n);
      float[] all = evaluator.pairedEnergies(x, new long[] {1}, y);
      for (int i : new int[] {0, 1, 150_000, n - 1}) {
        float[] one = evaluator.pairedEnergies(new float[] {x[i]}, new long[] {1}, new float[] {y[i]});
        assertThat(all[i]).as("pair %d", i).isCloseTo(one[0], org.assertj.core.api.Assertions.within(1e-5f)); // matmul kernels differ by batch size
      }
    }
  }
}
