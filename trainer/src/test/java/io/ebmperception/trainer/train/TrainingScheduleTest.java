package io.ebmperception.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.ToyDatasets;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proposal warm-up and the feature freeze move exactly the parts they promise to move. */
class TrainingScheduleTest {
  private static final RegressionDataset DATA = ToyDatasets.brando2019("val");

  /** Flattened weights of a block. */
  private static float[] weights(Block block) {
    List<Float> all = new ArrayList<>();
    block.getParameters().forEach(p -> {
      for (float v : p.getValue().getArray().toFloatArray()) {
        all.add(v);
      }
    });
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  /** Weights of features, energy head and proposal head after each epoch. */
  private static List<float[][]> trainAndSnapshot(TrainingConfig config) {
    List<float[][]> snapshots = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, DATA, manager);
      snapshots.add(snapshot(model));
      new TrainingLoop(config, new TrainingListener() {
        @Override
        public void onEpoch(EpochSummary s) {
          snapshots.add(snapshot(model));
        }
      }).train(model, DATA, manager);
    }
    return snapshots;
  }

  private static float[][] snapshot(ProbabilisticRegressor model) {
    return new float[][] {weights(model.featureNet()), weights(model.energyModel()), weights(model.proposal())};
  }

  @Test
  void warmUpTrainsProposalAndFeaturesThenFreezeHoldsFeaturesWhileHeadsMove() {
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).epochs(3).samples(32).seed(2)
        .schedule(new TrainingSchedule(1, 2, null)).build();
    List<float[][]> s = trainAndSnapshot(config);
    // epoch 1, warm-up: features and MDN move, the energy head does not
    assertThat(s.get(1)[0]).isNotEqualTo(s.get(0)[0]);
    assertThat(s.get(1)[1]).isEqualTo(s.get(0)[1]);
    assertThat(s.get(1)[2]).isNotEqualTo(s.get(0)[2]);
    // epoch 2, frozen: the features stay exactly, both heads move
    assertThat(s.get(2)[0]).isEqualTo(s.get(1)[0]);
    assertThat(s.get(2)[1]).isNotEqualTo(s.get(1)[1]);
    assertThat(s.get(2)[2]).isNotEqualTo(s.get(1)[2]);
    // epoch 3, joint: everything moves
    assertThat(s.get(3)[0]).isNotEqualTo(s.get(2)[0]);
    assertThat(s.get(3)[1]).isNotEqualTo(s.get(2)[1]);
  }

  @Test
  void aTeacherModelsEbmStartsFromTheFeaturesTheWarmUpTrained() {
    TrainingConfig config = TrainingConfig.builder().method(Method.MDN_TEACHER).epochs(2).samples(32).seed(2)
        .schedule(new TrainingSchedule(1, 2, null)).build();
    List<float[][]> after = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, DATA, manager);
      float[] ebmFeaturesBefore = weights(model.featureNet());
      new TrainingLoop(config, new TrainingListener() {
        @Override
        public void onEpoch(EpochSummary s) {
          after.add(new float[][] {weights(model.featureNet()), weights(model.proposalFeatureNet())});
        }
      }).train(model, DATA, manager);
      assertThat(after.get(0)[0]).isEqualTo(ebmFeaturesBefore); // warm-up: only the MDN's side
      assertThat(after.get(0)[1]).isNotEqualTo(ebmFeaturesBefore);
      // epoch 2 (frozen) began by copying the warmed-up features into the EBM's feature net
      assertThat(after.get(1)[0]).isEqualTo(after.get(0)[1]);
      assertThat(after.get(1)[1]).isEqualTo(after.get(0)[1]);
    }
  }

  @Test
  void withoutAScheduleEverythingTrainsFromTheFirstEpoch() {
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).epochs(1).samples(32).seed(2).build();
    List<float[][]> s = trainAndSnapshot(config);
    for (int part = 0; part < 3; part++) {
      assertThat(s.get(1)[part]).isNotEqualTo(s.get(0)[part]);
    }
  }

  @Test
  void phasesFollowTheSchedule() {
    TrainingSchedule s = new TrainingSchedule(2, 4, null);
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(e -> TrainingPhase.of(s, e)).toList()).containsExactly(
        TrainingPhase.PROPOSAL_WARMUP, TrainingPhase.PROPOSAL_WARMUP, TrainingPhase.FEATURES_FROZEN,
        TrainingPhase.FEATURES_FROZEN, TrainingPhase.JOINT);
  }

  @Test
  void aWarmUpNeedsAProposalAndRoomToTrainAfterIt() {
    assertThatThrownBy(() -> TrainingConfig.builder().method(Method.NCE).epochs(3)
        .schedule(new TrainingSchedule(1, 0, null)).build())
        .hasMessage("a proposal warm-up needs a method with an MDN proposal, not nce");
    assertThatThrownBy(() -> TrainingConfig.builder().epochs(3).schedule(new TrainingSchedule(3, 0, null)).build())
        .hasMessageContaining("must be shorter than the run");
  }
}
