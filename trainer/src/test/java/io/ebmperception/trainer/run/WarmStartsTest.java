package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingSchedule;
import io.ebmperception.trainer.train.WarmStart;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartsTest {
  private static final TaskSource TOY2 = new TaskSource("toy2", null, null, null);

  private static Path run(Path dir, TrainingConfig config) {
    Experiment.builder().source(TOY2).config(config).output(dir).progress(false).artifacts(false)
        .checkpointEvery(0).build().run();
    return dir;
  }

  @Test
  void featuresOfAnMdnRunStartTheFeatureNetOfAJointRun(@TempDir Path dir) {
    Path earlier = run(dir.resolve("mdn"), TrainingConfig.builder().method(Method.MDN_NLL).epochs(1).seed(4).build());
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).epochs(1).seed(5)
        .schedule(TrainingSchedule.none().withWarmStart(new WarmStart(earlier.toString(), WarmStart.Parts.FEATURES)))
        .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor source = new RunFolder(earlier).loadModel("final", manager);
      ProbabilisticRegressor fresh = io.ebmperception.trainer.train.TrainingLoop.newModel(config,
          TOY2.resolve().train(), manager);
      ProbabilisticRegressor started = WarmStarts.newModel(config, TOY2.resolve().train(), manager);
      float[] copied = started.featureNet().getParameters().get(0).getValue().getArray().toFloatArray();
      assertThat(copied).isEqualTo(source.proposalFeatureNet().getParameters().get(0).getValue().getArray().toFloatArray());
      assertThat(copied).isNotEqualTo(fresh.featureNet().getParameters().get(0).getValue().getArray().toFloatArray());
      // the heads start fresh
      assertThat(started.proposal().getParameters().get(0).getValue().getArray().toFloatArray())
          .isEqualTo(fresh.proposal().getParameters().get(0).getValue().getArray().toFloatArray());
    }
  }

  @Test
  void allPartsContinueTheSameModelAndAMisfitIsNamed(@TempDir Path dir) {
    Path earlier = run(dir.resolve("ours"), TrainingConfig.builder().epochs(1).seed(4).build());
    TrainingConfig again = TrainingConfig.builder().epochs(1).seed(6)
        .schedule(TrainingSchedule.none().withWarmStart(new WarmStart(earlier.toString(), WarmStart.Parts.ALL)))
        .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor source = new RunFolder(earlier).loadModel("final", manager);
      ProbabilisticRegressor started = WarmStarts.newModel(again, TOY2.resolve().train(), manager);
      for (int i = 0; i < source.getParameters().size(); i++) {
        assertThat(started.getParameters().get(i).getValue().getArray().toFloatArray())
            .isEqualTo(source.getParameters().get(i).getValue().getArray().toFloatArray());
      }
      TrainingConfig wider = again.toBuilder().architecture(new Architecture(new int[] {20, 20},
          new int[] {10, 10}, 10, true, 10, null))
          .schedule(TrainingSchedule.none().withWarmStart(new WarmStart(earlier.toString(), WarmStart.Parts.FEATURES)))
          .build();
      assertThatThrownBy(() -> WarmStarts.newModel(wider, TOY2.resolve().train(), manager))
          .hasMessageContaining("does not fit").hasMessageContaining("(20, 1)");
    }
  }
}
