package io.ebmperception.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MixtureParametersTest {

  @Test
  void logDensityEqualsTheLogOfTheSummedDensity() {
    try (NDManager m = NDManager.newBaseManager()) {
      // One input, K = 2, D = 2.
      float[] means = {0f, 1f, -2f, 0.5f};
      float[] logVars = {0f, (float) Math.log(4), (float) Math.log(0.25), 0f};
      double[] weights = {0.3, 0.7};
      MixtureParameters q = new MixtureParameters(m.create(means, new Shape(1, 2, 2)),
          m.create(logVars, new Shape(1, 2, 2)),
          m.create(new float[] {(float) Math.log(0.3), (float) Math.log(0.7)}, new Shape(1, 2)));
      float[] y = {0.5f, -1f, -2f, 0.4f, 40f, -30f};
      float[] logq = q.logDensity(m.create(y, new Shape(1, 3, 2))).toFloatArray();
      for (int s = 0; s < 3; s++) {
        double density = 0;
        for (int k = 0; k < 2; k++) {
          double p = weights[k];
          for (int d = 0; d < 2; d++) {
            double var = Math.exp(logVars[k * 2 + d]);
            double z = y[s * 2 + d] - means[k * 2 + d];
            p *= Math.exp(-0.5 * z * z / var) / Math.sqrt(2 * Math.PI * var);
          }
          density += p;
        }
        if (s < 2) {
          assertThat((double) logq[s]).isCloseTo(Math.log(density), within(1e-4));
        } else {
          // Far in the tail the density underflows to 0 in double, but logsumexp stays finite.
          assertThat(density).isZero();
          assertThat(logq[s]).isFinite().isLessThan(-100f);
        }
      }
    }
  }

  @Test
  void samplingWithGivenNoisePicksComponentsByTheCumulativeWeights() {
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureParameters q = new MixtureParameters(m.create(new float[] {-10f, 0f, 10f}, new Shape(1, 3, 1)),
          m.create(new float[] {0f, (float) Math.log(4), 0f}, new Shape(1, 3, 1)),
          m.create(new float[] {0.2f, 0.5f, 0.3f}, new Shape(1, 3)).log());
      NDArray u = m.create(new float[] {0.1f, 0.25f, 0.69f, 0.71f, 0.999f}, new Shape(1, 5));
      NDArray eps = m.create(new float[] {1f, 1f, -1f, 0f, 2f}, new Shape(1, 5, 1));
      assertThat(q.sample(u, eps).toFloatArray()).containsExactly(new float[] {-9f, 2f, -2f, 10f, 12f},
          within(1e-5f));
    }
  }

  @Test
  void samplingPicksEachInputsOwnComponentInEveryDimension() {
    try (NDManager m = NDManager.newBaseManager()) {
      // N = 2 inputs, K = 2, D = 2; input 1's components are input 0's plus 100.
      float[] means = {0f, 1f, 5f, 6f, 100f, 101f, 105f, 106f};
      float[] logVars = new float[8];
      logVars[2] = (float) Math.log(4); // input 0, component 1, dimension 0: sigma 2
      MixtureParameters q = new MixtureParameters(m.create(means, new Shape(2, 2, 2)),
          m.create(logVars, new Shape(2, 2, 2)),
          m.create(new float[] {0.5f, 0.5f, 0.9f, 0.1f}, new Shape(2, 2)).log());
      NDArray u = m.create(new float[] {0.4f, 0.6f, 0.4f, 0.95f}, new Shape(2, 2));
      NDArray eps = m.create(new float[] {1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f}, new Shape(2, 2, 2));
      assertThat(q.sample(u, eps).toFloatArray()).containsExactly(
          new float[] {1f, 0f, 7f, 5f, 101f, 100f, 106f, 105f}, within(1e-5f));
    }
  }

  @Test
  void engineSamplesHaveTheMixturesMoments() {
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureParameters q = new MixtureParameters(m.create(new float[] {-1f, 3f}, new Shape(1, 2, 1)),
          m.create(new float[] {0f, 0f}, new Shape(1, 2, 1)),
          m.create(new float[] {0.25f, 0.75f}, new Shape(1, 2)).log());
      float[] s = q.sample(m, 200_000).toFloatArray();
      double mean = 0;
      for (float v : s) {
        mean += v;
      }
      mean /= s.length;
      assertThat(mean).isCloseTo(0.25 * -1 + 0.75 * 3, within(0.02));
    }
  }
}
