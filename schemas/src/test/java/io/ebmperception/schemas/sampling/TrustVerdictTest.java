package io.ebmperception.schemas.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrustVerdictTest {
  @Test
  void lowerTailInterpolatesTheQuantileTable() {
    float[] q = TrustVerdict.quantiles(new double[] {0, 1, 2, 3, 4}, 5);
    assertThat(q).containsExactly(0f, 1f, 2f, 3f, 4f);
    assertThat(TrustVerdict.lowerTail(q, -1)).isZero();
    assertThat(TrustVerdict.lowerTail(q, 5)).isEqualTo(1.0);
    assertThat(TrustVerdict.lowerTail(q, 2)).isEqualTo(0.5);
    assertThat(TrustVerdict.lowerTail(q, 2.5)).isCloseTo(0.625, within(1e-9));
  }

  @Test
  void theMahalanobisDistanceUsesTheInverseCovariance() {
    // two independent features with variances 4 and 1 (no shrinkage): d² = x²/4 + y²
    SplittableRandom rng = new SplittableRandom(1);
    int n = 20000;
    double[] rows = new double[2 * n];
    for (int i = 0; i < n; i++) {
      rows[2 * i] = 2 * rng.nextGaussian();
      rows[2 * i + 1] = rng.nextGaussian();
    }
    float[] precision = TrustVerdict.precision(rows, n, 2, new double[] {0, 0}, 0);
    assertThat(precision[0]).isCloseTo(0.25f, within(0.01f));
    assertThat(precision[3]).isCloseTo(1f, within(0.03f));
    assertThat(precision[1]).isCloseTo(0f, within(0.02f));
    assertThat(TrustVerdict.squaredDistance(new float[] {0, 0}, precision, new float[] {2, 1}, 0))
        .isCloseTo(2.0, within(0.06));
  }

  @Test
  void inputsLikeTheValidationSplitAreTrustedAtAboutTheDeclaredRateAndForeignOnesAreNot() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 2000;
    int h = 4;
    float[] logZ = new float[n];
    float[] ess = new float[n];
    float[] rows = new float[n * h];
    double[] contrast = new double[n];
    for (int i = 0; i < n; i++) {
      logZ[i] = (float) (10 + 3 * rng.nextGaussian());
      ess[i] = (float) (0.8 + 0.05 * rng.nextGaussian());
      contrast[i] = 0.5 + rng.nextDouble();
      for (int k = 0; k < h; k++) {
        rows[i * h + k] = (float) rng.nextGaussian();
      }
    }
    Manifest.TrustSpec spec = TrustVerdict.learn(0.05, 1024, logZ, ess, rows, h, contrast);
    assertThat(spec.inputContrastFloor()).isCloseTo(0.25f, within(0.01f));
    TrustVerdict verdict = new TrustVerdict(spec);
    int flagged = 0;
    for (int i = 0; i < n; i++) {
      float[] x = new float[h];
      for (int k = 0; k < h; k++) {
        x[k] = (float) rng.nextGaussian();
      }
      flagged += verdict.judge(10 + 3 * rng.nextGaussian(), 0.8 + 0.05 * rng.nextGaussian(), x, 1.0).trusted() ? 0 : 1;
    }
    assertThat(flagged / (double) n).as("false alarms on fresh in-distribution draws").isBetween(0.02, 0.09);
    float[] typical = new float[h];
    assertThat(verdict.judge(10, 0.8, typical, 1.0).trusted()).isTrue();
    assertThat(verdict.judge(10, 0.8, typical, 1.0).oodScore()).isLessThan(0.5);
    assertThat(verdict.judge(-5, 0.8, typical, 1.0).trusted()).isFalse(); // log Z far below
    assertThat(verdict.judge(10, 0.5, typical, 1.0).trusted()).isFalse(); // the proposal lost the EBM
    assertThat(verdict.judge(10, 0.8, new float[] {8, 8, 8, 8}, 1.0).trusted()).isFalse(); // far in feature space
    // moderately odd on all three at once: each alone would pass
    assertThat(verdict.judge(5, 0.72, new float[] {1.5f, 1.5f, 1.5f, 1.5f}, 1.0).trusted()).isFalse();
    assertThat(verdict.judge(10, 0.8, typical, 0.05)).isEqualTo(new TrustVerdict.Verdict(1, false)); // a flat frame
    assertThat(verdict.judge(Double.NaN, 0.8, typical, 1.0).trusted()).isFalse();
  }

  @Test
  void contrastIsTheSpatialSpreadWithinEachChannel() {
    float[] flat = {1, 1, 1, 1, -2, -2, -2, -2, 5, 5, 5, 5}; // 3 channels of 2 x 2, one colour
    assertThat(TrustVerdict.contrast(flat, 0, flat.length, 3)).isZero();
    float[] edge = {0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 2, 2};
    assertThat(TrustVerdict.contrast(edge, 0, edge.length, 3)).isCloseTo(1.0, within(1e-9));
  }
}
