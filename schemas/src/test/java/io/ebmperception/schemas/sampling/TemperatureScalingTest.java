package io.ebmperception.schemas.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {
  private static final int N = 400;
  private static final int M = 512;
  private static final double PROPOSAL_SIGMA = 2.0;

  /**
   * Labels from N(0, 1) and an energy {@code −y² / (2 s²)}: the tempered EBM is N(0, s² T), so the
   * calibrating temperature is {@code 1 / s²}.
   */
  private static TemperatureScaling.Evidence gaussian(double s, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] trueEnergies = new float[N];
    float[] energies = new float[N * M];
    float[] logq = new float[N * M];
    float[] draws = new float[N * M];
    float[] targets = new float[N];
    for (int i = 0; i < N; i++) {
      double y = normal(rng);
      targets[i] = (float) y;
      trueEnergies[i] = (float) (-y * y / (2 * s * s));
      for (int j = 0; j < M; j++) {
        double d = PROPOSAL_SIGMA * normal(rng);
        draws[i * M + j] = (float) d;
        energies[i * M + j] = (float) (-d * d / (2 * s * s));
        logq[i * M + j] = (float) (-d * d / (2 * PROPOSAL_SIGMA * PROPOSAL_SIGMA)
            - Math.log(PROPOSAL_SIGMA * Math.sqrt(2 * Math.PI)));
      }
    }
    return new TemperatureScaling.Evidence(M, 1, trueEnergies, energies, logq, draws, targets);
  }

  private static double normal(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @Test
  void anOverconfidentModelIsWidenedToCoverItsShare() {
    TemperatureScaling.Fit fit = TemperatureScaling.fit(gaussian(0.5, 1));
    assertEquals(4.0, fit.temperature(), 0.6, "T = 1 / s²");
    assertTrue(fit.nllAfter() < fit.nllBefore() - 0.2, fit.nllBefore() + " -> " + fit.nllAfter());
    assertTrue(fit.coverageBefore()[2] < 0.65, "90% interval of a half-width model: " + fit.coverageBefore()[2]);
    assertEquals(0.90, fit.coverageAfter()[2], 0.04);
    assertEquals(0.50, fit.coverageAfter()[0], 0.07);
  }

  @Test
  void anUnderconfidentModelIsNarrowed() {
    TemperatureScaling.Fit fit = TemperatureScaling.fit(gaussian(1.6, 2));
    assertEquals(1 / (1.6 * 1.6), fit.temperature(), 0.1);
    assertTrue(fit.coverageBefore()[1] > 0.92, "80% interval of a too-wide model: " + fit.coverageBefore()[1]);
    assertEquals(0.80, fit.coverageAfter()[1], 0.05);
  }

  @Test
  void aCalibratedModelKeepsATemperatureNearOne() {
    TemperatureScaling.Fit fit = TemperatureScaling.fit(gaussian(1.0, 3));
    assertEquals(1.0, fit.temperature(), 0.15);
    assertTrue(fit.nllAfter() <= fit.nllBefore() + 1e-9, "the fit never worsens the NLL it minimises");
  }

  @Test
  void theJointRegionOfACalibratedModelCoversItsLevel() {
    TemperatureScaling.Evidence evidence = gaussian(1.0, 4);
    double[] region = TemperatureScaling.regionCoverage(evidence, 1.0);
    assertEquals(0.90, region[2], 0.04);
    assertEquals(0.50, region[0], 0.07);
    // a half-width model's regions are too small until tempered
    TemperatureScaling.Evidence narrow = gaussian(0.5, 4);
    assertTrue(TemperatureScaling.regionCoverage(narrow, 1.0)[2] < 0.65);
    assertEquals(0.90, TemperatureScaling.regionCoverage(narrow, 4.0)[2], 0.04);
  }

  @Test
  void thePooledCoverageIsTheMeanOfTheDimensions() {
    TemperatureScaling.Evidence evidence = gaussian(0.8, 5);
    double[][] perDimension = TemperatureScaling.coveragePerDimension(evidence, 1.3);
    double[] pooled = TemperatureScaling.coverage(evidence, 1.3);
    assertEquals(CentralIntervals.LEVELS.length, perDimension.length);
    for (int l = 0; l < pooled.length; l++) {
      assertEquals(1, perDimension[l].length);
      assertEquals(perDimension[l][0], pooled[l], 1e-12);
    }
  }

  @Test
  void theTemperatureDividesTheEnergyOnly() {
    assertEquals(2.0 / 4 - (-1.5), TemperatureScaling.logWeight(2.0, -1.5, 4.0), 1e-12);
  }

  @Test
  void tooLittleOrInconsistentEvidenceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TemperatureScaling.Evidence(2, 1, new float[3],
        new float[5], new float[6], new float[6], new float[3]));
    assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(new TemperatureScaling.Evidence(1, 1,
        new float[5], new float[5], new float[5], new float[5], new float[5])));
  }
}
