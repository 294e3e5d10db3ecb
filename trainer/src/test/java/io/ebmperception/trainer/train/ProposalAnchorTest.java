package io.ebmperception.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.ToyDatasets;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import org.junit.jupiter.api.Test;

/** The proposal anchor adds exactly β times the MDN's NLL of the true targets to the joint loss. */
class ProposalAnchorTest {
  @Test
  void anchorAddsBetaTimesTheProposalNll() {
    RegressionDataset data = ToyDatasets.brando2019("val");
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).samples(16).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, data, manager);
      ParameterStore store = new ParameterStore(manager, false);
      int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
      NDArray x = manager.create(data.gatherInputs(rows), new Shape(8, 1));
      NDArray y = manager.create(data.gatherTargets(rows), new Shape(8, 1));
      Engine.getInstance().setRandomSeed(3);
      float plain = new Objective(Method.NCE_KL, 16, config.noise()).loss(model, store, x, y).getFloat();
      Engine.getInstance().setRandomSeed(3);
      float anchored = new Objective(Method.NCE_KL, 16, config.noise(), 0.5f).loss(model, store, x, y).getFloat();
      float nll = -model.proposalParameters(store, x, null, false).logDensity(y.expandDims(1)).mean().getFloat();
      assertThat(anchored - plain).isCloseTo(0.5f * nll, within(1e-4f));
      assertThat(nll).isNotZero();
    }
  }
}
