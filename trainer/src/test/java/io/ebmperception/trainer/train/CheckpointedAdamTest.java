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

  @Test
  void updatesExactlyAsDjlsAdamAndContinuesFromASavedState() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Random random = new Random(7);
      float[] start = floats(random, 12);
      NDArray djlWeight = manager.create(start, new Shape(3, 4));
      NDArray ourWeight = manager.create(start, new Shape(3, 4));
      NDArray resumedWeight = manager.create(start, new Shape(3, 4));
      Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
      CheckpointedAdam ours = new CheckpointedAdam(0.01f);
      CheckpointedAdam resumed = null;
      for (int step = 1; step <= 6; step++) {
        NDArray grad = manager.create(floats(random, 12), new Shape(3, 4));
        djl.update("w", djlWeight, grad);
        ours.update("w", ourWeight, grad);
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
        assertThat(ourWeight.toFloatArray()).isEqualTo(djlWeight.toFloatArray());
      }
      assertThat(resumedWeight.toFloatArray()).isEqualTo(ourWeight.toFloatArray());
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
