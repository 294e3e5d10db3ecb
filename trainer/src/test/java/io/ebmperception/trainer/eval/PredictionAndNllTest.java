package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.sampling.SnisEstimate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants of the predictor and the grid NLL on an (untrained) model with a real EBM and MDN. */
class PredictionAndNllTest {

  private static ProbabilisticRegressor model(NDManager manager, int d) {
    Engine.getInstance().setRandomSeed(17);
    ProbabilisticRegressor model = ProbabilisticRegressor.of(
        Method.NCE_KL.modelSpec(new long[] {1}, d, 4, Architecture.toy()));
    model.initialize(manager);
    return model;
  }

  @Test
  void predictionsAreReproducibleAndWellFormed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlImportanceSampler sampler = new DjlImportanceSampler(model(manager, 3), manager);
      float[] x = {-1f, 0.5f};
      SampleNoise noise = SampleNoise.generate(5, 2, 512, 3, 16);
      List<SnisEstimate> a = sampler.predict(x, noise);
      List<SnisEstimate> b = sampler.predict(x, noise);
      assertThat(a).hasSize(2);
      for (int i = 0; i < 2; i++) {
        SnisEstimate p = a.get(i);
        assertThat(p.mean()).containsExactly(b.get(i).mean());
        assertThat(p.effectiveSampleSize()).isBetween(1.0, 512.0);
        assertThat(p.hypotheses()).hasSize(16 * 3);
        assertThat(p.covariance()).hasSize(9);
        for (int r = 0; r < 3; r++) {
          assertThat(p.covariance()[r * 3 + r]).isGreaterThanOrEqualTo(0f);
          for (int c = 0; c < 3; c++) {
            assertThat(p.covariance()[r * 3 + c]).isCloseTo(p.covariance()[c * 3 + r], within(1e-5f));
          }
        }
      }
      assertThat(sampler.predict(x, SampleNoise.generate(6, 2, 512, 3, 16)).get(0).mean())
          .isNotEqualTo(a.get(0).mean());
    }
  }

  @Test
  void gridNllIsLogZMinusEnergyAndShiftsWithTheGridVolume() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = model(manager, 1);
      EnergyEvaluator evaluator = new EnergyEvaluator(model, manager);
      RegressionDataset data = RegressionDataset.ofScalars("d", new float[] {-1f, 0f, 2f},
          new float[] {0.1f, -0.3f, 0.7f});
      TargetGrid grid = TargetGrid.of1d(-5f, 5f, 2000);
      double nll = GridNll.of(model, data, grid, evaluator);
      // The same quantity computed directly with a finer grid (a Riemann sum of exp f).
      float[] ys = TargetGrid.of1d(-5f, 5f, 20000).points();
      double expected = 0;
      float[] f = evaluator.pairedEnergies(data.inputs(), data.inputShape(), data.targets());
      for (int i = 0; i < 3; i++) {
        double[] z = new double[1];
        evaluator.energiesOnPoints(data.input(i), data.inputShape(), ys, (first, e) -> {
          for (float v : e.toFloatArray()) {
            z[0] += Math.exp(v) * 10.0 / 20000;
          }
        });
        expected += (Math.log(z[0]) - f[i]) / 3;
      }
      assertThat(nll).isCloseTo(expected, within(1e-3));
    }
  }

  @Test
  void mdnNllMatchesTheProposalDensity() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = model(manager, 1);
      EnergyEvaluator evaluator = new EnergyEvaluator(model, manager);
      RegressionDataset data = RegressionDataset.ofScalars("d", new float[] {-1f, 2f},
          new float[] {0.1f, 0.7f});
      float[] logq = evaluator.pairedLogProposal(data.inputs(), data.inputShape(), data.targets());
      assertThat(MdnNllEvaluation.of(evaluator, data)).isCloseTo(-(logq[0] + logq[1]) / 2, within(1e-6));
      // q is a density: it integrates to one over y.
      double[] mass = new double[1];
      evaluator.logProposalOnPoints(new float[] {2f}, new long[] {1}, TargetGrid.of1d(-60f, 60f, 60000).points(),
          (first, lq) -> {
            for (float v : lq.toFloatArray()) {
              mass[0] += Math.exp(v) * 120.0 / 60000;
            }
          });
      assertThat(mass[0]).isCloseTo(1.0, within(1e-3));
    }
  }
}
