package io.ebmperception.schemas.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightedMeanShiftTest {
  private static final int M = 1024;

  /** M equally weighted samples, a share {@code left} of them around -10, the rest around +12, σ 1. */
  private static float[] fork(double left, Random random) {
    float[] y = new float[M];
    for (int i = 0; i < M; i++) {
      y[i] = (float) ((i < left * M ? -10 : 12) + random.nextGaussian());
    }
    return y;
  }

  @Test
  void aForkGivesTwoModesWithTheirSharesHeaviestFirst() {
    float[] y = fork(0.3, new Random(1));
    SnisEstimate p = ImportanceWeights.summarise(new float[M], y, 1, new float[0], ModeSearch.upTo(4));
    assertThat(p.mean()[0]).isCloseTo(0.3f * -10 + 0.7f * 12, within(0.3f));
    assertThat(p.modes()).hasSize(2);
    ModeEstimate right = p.modes().get(0);
    ModeEstimate left = p.modes().get(1);
    assertThat(right.weight()).isCloseTo(0.7, within(0.01));
    assertThat(left.weight()).isCloseTo(0.3, within(0.01));
    assertThat(right.mean()[0]).isCloseTo(12f, within(0.2f));
    assertThat(left.mean()[0]).isCloseTo(-10f, within(0.2f));
    assertThat(right.sigma(0)).isCloseTo(1.0, within(0.15));
  }

  @Test
  void theWeightsNotTheSampleCountsDecideTheShares() {
    // Same samples, but log weights that make the left branch 4 times as heavy per sample.
    float[] y = fork(0.5, new Random(2));
    float[] logW = new float[M];
    for (int i = 0; i < M / 2; i++) {
      logW[i] = (float) Math.log(4);
    }
    SnisEstimate p = ImportanceWeights.summarise(logW, y, 1, new float[0], ModeSearch.upTo(4));
    assertThat(p.modes().get(0).mean()[0]).isCloseTo(-10f, within(0.2f));
    assertThat(p.modes().get(0).weight()).isCloseTo(0.8, within(0.01));
  }

  @Test
  void oneGaussianIsOneModeAtItsMean() {
    Random random = new Random(3);
    int d = 3;
    float[] y = new float[M * d];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (5 * (i % d) + 2 * random.nextGaussian());
    }
    SnisEstimate p = ImportanceWeights.summarise(new float[M], y, d, new float[0], ModeSearch.upTo(4));
    // A flat kernel may leave a few tail samples in a small basin; the main mode holds nearly all.
    assertThat(p.modes().get(0).weight()).isGreaterThan(0.9);
    assertThat(p.modes().get(0).mean()).containsExactly(new float[] {0, 5, 10}, within(0.3f));
    assertThat(p.modes().get(0).sigma(2)).isCloseTo(2, within(0.3));
  }

  @Test
  void modesAreSeparatedInEveryDimension() {
    // Two 2-D clusters that differ only in their second coordinate.
    Random random = new Random(4);
    float[] y = new float[2 * M];
    for (int i = 0; i < M; i++) {
      y[2 * i] = (float) random.nextGaussian();
      y[2 * i + 1] = (float) ((i % 2 == 0 ? -6 : 6) + 0.5 * random.nextGaussian());
    }
    List<ModeEstimate> modes = ImportanceWeights.summarise(new float[M], y, 2, new float[0], ModeSearch.upTo(4)).modes();
    assertThat(modes).hasSize(2);
    assertThat(modes).allSatisfy(mode -> assertThat(Math.abs(mode.mean()[1])).isCloseTo(6f, within(0.2f)));
  }

  @Test
  void maxModesKeepsTheHeaviestAndOffFindsNone() {
    float[] y = fork(0.3, new Random(5));
    List<ModeEstimate> one = ImportanceWeights.summarise(new float[M], y, 1, new float[0], ModeSearch.upTo(1)).modes();
    assertThat(one).hasSize(1);
    assertThat(one.get(0).mean()[0]).isCloseTo(12f, within(0.2f));
    assertThat(ImportanceWeights.summarise(new float[M], y, 1, new float[0]).modes()).isEmpty();
  }

  @Test
  void aSingleDominantSampleIsOneModeWithAllTheWeight() {
    float[] logW = {0f, 60f, 0f};
    float[] y = {0f, 2f, 9f};
    List<ModeEstimate> modes = ImportanceWeights.summarise(logW, y, 1, new float[0], ModeSearch.upTo(3)).modes();
    assertThat(modes).hasSize(1);
    assertThat(modes.get(0).weight()).isCloseTo(1.0, within(1e-9));
    assertThat(modes.get(0).mean()[0]).isEqualTo(2f);
  }

  @Test
  void byComponentGroupsTheDrawsAndMergesOverlappingComponents() {
    // Components 0 and 1 both sit on the left branch (-10, -9.5), component 2 on the right (+12).
    Random random = new Random(6);
    float[] y = new float[M];
    int[] components = new int[M];
    for (int i = 0; i < M; i++) {
      components[i] = i % 3;
      y[i] = (float) ((components[i] == 0 ? -10 : components[i] == 1 ? -9.5 : 12) + random.nextGaussian());
    }
    ModeSearch search = ModeSearch.upTo(4).withMethod(ModeSearch.Method.COMPONENTS);
    List<ModeEstimate> modes = ImportanceWeights.summarise(new float[M], y, 1, new float[0], search, components).modes();
    assertThat(modes).hasSize(2);
    assertThat(modes.get(0).weight()).isCloseTo(2 / 3.0, within(0.01));
    assertThat(modes.get(0).mean()[0]).isCloseTo(-9.75f, within(0.2f));
    assertThat(modes.get(1).mean()[0]).isCloseTo(12f, within(0.2f));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> ImportanceWeights.summarise(new float[M], y, 1, new float[0], search))
        .hasMessageContaining("needs the component of every sample");
  }
}
