package io.ebmperception.schemas.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CentralIntervalsTest {
  @Test
  void equalWeightsGiveTheSampleQuantiles() {
    int m = 1000;
    double[] w = new double[m];
    float[] samples = new float[m];
    for (int i = 0; i < m; i++) {
      w[i] = 1.0 / m;
      samples[i] = m - 1 - i; // 0..999, shuffled order does not matter
    }
    float[] intervals = CentralIntervals.of(w, samples, 1);
    // level 0.9: the 5% and 95% quantiles
    assertThat(intervals[2 * 2]).isCloseTo(49f, within(1f));
    assertThat(intervals[2 * 2 + 1]).isCloseTo(949f, within(1f));
  }

  @Test
  void weightedStandardNormalSamplesCoverAsTheLevelsSay() {
    // samples from N(0, 2²) reweighted to N(0, 1): the intervals are those of N(0, 1)
    SplittableRandom rng = new SplittableRandom(3);
    int m = 200000;
    double[] w = new double[m];
    float[] samples = new float[2 * m];
    double sum = 0;
    for (int i = 0; i < m; i++) {
      double y = 2 * rng.nextGaussian();
      samples[2 * i] = (float) y;
      samples[2 * i + 1] = (float) (10 + y);
      w[i] = Math.exp(-y * y / 2 + y * y / 8);
      sum += w[i];
    }
    for (int i = 0; i < m; i++) {
      w[i] /= sum;
    }
    float[] intervals = CentralIntervals.of(w, samples, 2);
    double[] z = {0.6745, 1.2816, 1.6449, 1.9600};
    for (int l = 0; l < CentralIntervals.LEVELS.length; l++) {
      assertThat(intervals[l * 4]).isCloseTo((float) -z[l], within(0.03f));
      assertThat(intervals[l * 4 + 1]).isCloseTo((float) (10 - z[l]), within(0.03f));
      assertThat(intervals[l * 4 + 2]).isCloseTo((float) z[l], within(0.03f));
      assertThat(CentralIntervals.covers(intervals, 2, l, 1, 10.0)).isTrue();
      assertThat(CentralIntervals.covers(intervals, 2, l, 0, 2.5)).isFalse();
    }
  }
}
