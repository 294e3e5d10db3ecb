package io.ebmperception.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.ToyDatasets;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingListener;
import io.ebmperception.trainer.train.TrainingLoop;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProposalHealthTest {
  private static final RegressionDataset DATA = ToyDatasets.brando2019("val");
  private static final TargetGrid GRID = TargetGrid.of1d(-12.5f, 12.5f, 1024);

  @Test
  void essFractionsAreEfficienciesAndKlIsADivergence() {
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).epochs(2).samples(64).seed(5).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, DATA, manager);
      EnergyEvaluator evaluator = new EnergyEvaluator(model, manager);
      float[] ess = evaluator.essFractions(DATA.inputs(), DATA.inputShape(), 256);
      assertThat(ess).hasSize(DATA.size());
      for (float e : ess) {
        assertThat(e).isGreaterThan(0f).isLessThanOrEqualTo(1.0001f);
      }
      Map<String, Double> before = ProposalHealth.of(model, DATA, GRID, evaluator);
      new TrainingLoop(config, TrainingListener.none()).train(model, DATA, manager);
      Map<String, Double> after = ProposalHealth.of(model, DATA, GRID, evaluator);
      for (Map<String, Double> m : new Map[] {before, after}) {
        assertThat(m.get(ProposalHealth.KL_EBM_PROPOSAL)).isGreaterThanOrEqualTo(-1e-6);
        assertThat(m.get(ProposalHealth.ESS_FRACTION_P10)).isLessThanOrEqualTo(m.get(ProposalHealth.ESS_FRACTION));
      }
      // A fresh EBM is nearly flat on the grid while the fresh MDN is not: far apart. J_KL then
      // moves q towards p, so the divergence falls.
      assertThat(after.get(ProposalHealth.KL_EBM_PROPOSAL)).isLessThan(before.get(ProposalHealth.KL_EBM_PROPOSAL));
    }
  }
}
