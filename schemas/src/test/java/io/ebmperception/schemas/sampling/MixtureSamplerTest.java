package io.ebmperception.schemas.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MixtureSamplerTest {
  private static final ProposalParameters Q = new ProposalParameters(1, new float[0],
      new float[] {-10f, 0f, 10f}, new float[] {0f, (float) Math.log(4), 0f},
      new float[] {(float) Math.log(0.2), (float) Math.log(0.5), (float) Math.log(0.3)});

  @Test
  void picksComponentsByTheCumulativeWeights() {
    float[] out = new float[5];
    new MixtureSampler(3, 1).sample(Q, 0, new float[] {0.1f, 0.25f, 0.69f, 0.71f, 0.999f},
        new float[] {1f, 1f, -1f, 0f, 2f}, out, 0);
    assertThat(out).containsExactly(new float[] {-9f, 2f, -2f, 10f, 12f}, within(1e-5f));
  }

  @Test
  void logDensityIsTheLogOfTheMixtureDensity() {
    double[] out = new double[2];
    new MixtureSampler(3, 1).logDensity(Q, 0, new float[] {0.5f, 9f}, 0, 2, out);
    for (int i = 0; i < 2; i++) {
      double y = i == 0 ? 0.5 : 9;
      double p = 0.2 * normal(y, -10, 1) + 0.5 * normal(y, 0, 2) + 0.3 * normal(y, 10, 1);
      assertThat(out[i]).isCloseTo(Math.log(p), within(1e-6));
    }
  }

  private static double normal(double y, double mean, double sd) {
    double z = (y - mean) / sd;
    return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
  }
}
