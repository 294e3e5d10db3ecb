package io.ebmperception.schemas.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ImportanceWeightsTest {

  @Test
  void equalWeightsGiveTheSampleMomentsAndFullEss() {
    float[] logW = {2f, 2f, 2f, 2f};
    float[] samples = {1f, 3f, 5f, 7f};
    SnisEstimate p = ImportanceWeights.summarise(logW, samples, 1, new float[] {0.1f, 0.3f, 0.6f, 0.9f});
    assertThat(p.mean()[0]).isCloseTo(4f, within(1e-6f));
    assertThat(p.covariance()[0]).isCloseTo(5f, within(1e-5f));
    assertThat(p.effectiveSampleSize()).isCloseTo(4.0, within(1e-9));
    assertThat(p.logPartition()).isCloseTo(2.0, within(1e-9));
    assertThat(p.hypotheses()).containsExactly(1f, 3f, 5f, 7f);
  }

  @Test
  void oneDominantWeightCollapsesEverythingOntoItsSample() {
    float[] logW = {0f, 50f, 0f};
    float[] samples = {0f, 0f, 2f, -1f, 9f, 9f};
    SnisEstimate p = ImportanceWeights.summarise(logW, samples, 2, new float[] {0.01f, 0.5f, 0.99f});
    assertThat(p.mean()).containsExactly(new float[] {2f, -1f}, within(1e-5f));
    assertThat(p.effectiveSampleSize()).isCloseTo(1.0, within(1e-6));
    assertThat(p.hypotheses()).containsExactly(2f, -1f, 2f, -1f, 2f, -1f);
    assertThat(p.logPartition()).isCloseTo(50 - Math.log(3), within(1e-6));
  }

  @Test
  void covarianceIsTheWeightedOuterProduct() {
    // weights 1/4, 3/4 on (0,0) and (2,4): mean (1.5, 3), cov = Σ w (y-m)(y-m)^T
    float[] logW = {0f, (float) Math.log(3)};
    float[] samples = {0f, 0f, 2f, 4f};
    SnisEstimate p = ImportanceWeights.summarise(logW, samples, 2, new float[] {0.2f});
    assertThat(p.mean()).containsExactly(new float[] {1.5f, 3f}, within(1e-5f));
    assertThat(p.covariance()).containsExactly(new float[] {0.75f, 1.5f, 1.5f, 3f}, within(1e-5f));
    assertThat(p.effectiveSampleSize()).isCloseTo(1 / (1 / 16.0 + 9 / 16.0), within(1e-5));
    assertThat(p.hypotheses()).containsExactly(0f, 0f);
  }
}
