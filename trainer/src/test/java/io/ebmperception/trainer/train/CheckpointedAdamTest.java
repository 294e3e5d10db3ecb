package io.ebmperception.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckpointedAdamTest {

  /**
   * PyTorch's Adam (the paper's reference code uses it with its defaults), in double precision:
   * {@code w -= lr / (1 - β1^t) · m / (sqrt(v) / sqrt(1 - β2^t) + ε)}.
   */
  private static void torchAdam(double[] w, double[] m, double[] v, float[] g, int t, double lr) {
    for (int i = 0; i < w.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      w[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
    }
  }

  @Test
  void updatesAsPyTorchsAdamEvenForTinyGradientsAndContinuesFromASavedState() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Random random = new Random(7);
      float[] start = floats(random, 12);
      double[] torchWeight = new double[12];
      double[] m = new double[12];
      double[] v = new double[12];
      for (int i = 0; i < 12; i++) {
        torchWeight[i] = start[i];
      }
      NDArray ourWeight = manager.create(start, new Shape(3, 4));
      NDArray resumedWeight = manager.create(start, new Shape(3, 4));
      Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
      NDArray djlWeight = manager.create(start, new Shape(3, 4));
      CheckpointedAdam ours = new CheckpointedAdam(0.01f);
      CheckpointedAdam resumed = null;
      for (int step = 1; step <= 6; step++) {
        float[] g = floats(random, 12);
        g[0] *= 1e-7f; // gradients near Adam's ε: where the engine's ε placement moved weights differently
        g[1] *= 1e-6f;
        NDArray grad = manager.create(g, new Shape(3, 4));
        djl.update("w", djlWeight, grad);
        ours.update("w", ourWeight, grad);
        torchAdam(torchWeight, m, v, g, step, 0.01);
        if (resumed != null) {
          resumed.update("w", resumedWeight, grad);
        }
        if (step == 3) {
          // Save after three steps; a fresh optimiser restored from it takes over from here.
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          ours.save(new DataOutputStream(bytes));
          resumed = new CheckpointedAdam(0.01f);
          resumed.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), manager);
          resumedWeight = manager.create(ourWeight.toFloatArray(), new Shape(3, 4));
          assertThat(resumed.steps()).isEqualTo(3);
        }
        float[] got = ourWeight.toFloatArray();
        for (int i = 0; i < 12; i++) {
          assertThat((double) got[i]).as("step %d, weight %d", step, i).isCloseTo(torchWeight[i],
              org.assertj.core.api.Assertions.within(2e-7 * Math.max(1, Math.abs(torchWeight[i]))));
        }
      }
      assertThat(resumedWeight.toFloatArray()).isEqualTo(ourWeight.toFloatArray());
      // DJL's own Adam puts ε inside the bias correction and moves the tiny-gradient weight less
      assertThat(Math.abs(djlWeight.toFloatArray()[0] - torchWeight[0])).isGreaterThan(1e-4);
    }
  }

  private static float[] floats(Random random, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }
}
