package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's data in other units trains to the same model: with the default standardisation of
 * inputs and targets, x × 100 and y × 100 give the same test NLL up to the log-Jacobian ln 100,
 * while without it the same change costs far more than seed noise.
 */
class UnitInvarianceTest {
  private static final double LN_100 = Math.log(100);

  /** y = sin(2x) + x/2 with noise growing with |x|; x in [-3, 3]; everything times {@code unit}. */
  private static RegressionDataset data(int n, long seed, float unit) {
    Random r = new Random(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double xi = -3 + 6 * r.nextDouble();
      x[i] = (float) (xi * unit);
      y[i] = (float) ((Math.sin(2 * xi) + 0.5 * xi + 0.1 * (1 + Math.abs(xi)) * r.nextGaussian()) * unit);
    }
    return RegressionDataset.ofScalars("generated", x, y);
  }

  private static double testNll(Path dir, float unit, boolean standardise, long seed) {
    Task task = Task.custom("generated", data(1000, 1, unit), data(300, 2, unit));
    TrainingConfig config = task.defaults().apply(TrainingConfig.builder(), Method.NCE_KL)
        .standardiseInputs(standardise).standardiseTargets(standardise)
        .epochs(4).samples(128).seed(seed).build();
    return Experiment.builder().source(new TaskSource("generated.csv", null, null, null)).task(task)
        .config(config).output(dir.resolve(unit + "-" + standardise + "-" + seed)).progress(false)
        .artifacts(false).checkpointEvery(0).build().run().metrics().get(Task.TEST_NLL_EBM);
  }

  @Test
  void theSameDataInOtherUnitsGivesTheSameNllUpToTheJacobian(@TempDir Path dir) {
    double raw = testNll(dir, 1f, true, 3);
    double scaled = testNll(dir, 100f, true, 3);
    double otherSeed = testNll(dir, 1f, true, 4);
    double seedNoise = Math.abs(otherSeed - raw);
    // Standardised: the networks see the same numbers, only float rounding differs.
    assertThat(Math.abs(scaled - LN_100 - raw)).isLessThan(Math.max(0.02, seedNoise));
    // Not standardised: units matter, by more than seed noise.
    double rawPlain = testNll(dir, 1f, false, 3);
    double scaledPlain = testNll(dir, 100f, false, 3);
    assertThat(Math.abs(scaledPlain - LN_100 - rawPlain)).isGreaterThan(Math.max(0.1, 2 * seedNoise));
  }
}
