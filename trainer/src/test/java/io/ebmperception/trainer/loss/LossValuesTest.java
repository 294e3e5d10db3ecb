package io.ebmperception.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Each loss against values computed by hand. */
class LossValuesTest {
  private static double lse(double... v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double s = 0;
    for (double x : v) {
      s += Math.exp(x - max);
    }
    return max + Math.log(s);
  }

  @Test
  void nceIsCrossEntropyOfTheTrueCandidate() {
    try (NDManager m = NDManager.newBaseManager()) {
      var f = m.create(new float[] {1, 2, 3, 0, 0, 5}, new Shape(2, 3));
      var logq = m.create(new float[] {0, 0, 1, -1, 0, 0}, new Shape(2, 3));
      double row0 = lse(1, 2, 2) - 1;
      double row1 = lse(1, 0, 5) - 1;
      assertThat((double) new NceLoss().compute(f, logq).getFloat())
          .isCloseTo((row0 + row1) / 2, within(1e-5));
    }
  }

  @Test
  void klAndImportanceSampledNllUseTheLogMeanOfTheWeights() {
    try (NDManager m = NDManager.newBaseManager()) {
      var f = m.create(new float[] {1, 2}, new Shape(1, 2));
      var logq = m.create(new float[] {0, (float) Math.log(2)}, new Shape(1, 2));
      double logMeanWeight = Math.log((Math.exp(1) + Math.exp(2) / 2) / 2);
      assertThat((double) new ProposalKlLoss().compute(f, logq).getFloat())
          .isCloseTo(logMeanWeight, within(1e-5));
      var fTrue = m.create(new float[] {0.5f});
      assertThat((double) new ImportanceSampledNll().compute(f, logq, fTrue).getFloat())
          .isCloseTo(logMeanWeight - 0.5, within(1e-5));
      var logqTrue = m.create(new float[] {-1.5f});
      assertThat((double) new TeacherMdnLoss().compute(f, logq, logqTrue).getFloat())
          .isCloseTo(0.5 * logMeanWeight + 0.75, within(1e-5));
      assertThat((double) new MdnNll().compute(logqTrue).getFloat()).isCloseTo(1.5, within(1e-6));
    }
  }
}
