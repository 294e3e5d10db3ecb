package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.WarmStart;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierRunDefaultsTest {
  private static final TaskSource TOY2 = new TaskSource("toy2", null, null, null);

  @Test
  void aFlagWinsThenTheEarlierRunWhenTheWholeModelIsCopiedThenTheTask(@TempDir Path dir) {
    Architecture wide = new Architecture(new int[] {20, 20}, new int[] {10, 10}, 10, true, 10, null);
    Path earlier = dir.resolve("earlier");
    Experiment.builder().source(TOY2).config(TrainingConfig.builder().epochs(1).seed(3).samples(64)
        .architecture(wide).build())
        .output(earlier).progress(false).artifacts(false).checkpointEvery(0).build().run();
    Task task = TOY2.resolve();
    EarlierRunDefaults none = EarlierRunDefaults.from(null);
    EarlierRunDefaults from = EarlierRunDefaults.from(earlier);
    Architecture flag = Architecture.vector(7);

    assertThat(from.architecture(flag, WarmStart.Parts.ALL, task)).isEqualTo(flag);
    assertThat(from.architecture(null, WarmStart.Parts.ALL, task).featureWidths()).containsExactly(20, 20);
    assertThat(from.architecture(null, WarmStart.Parts.FEATURES, task)).isEqualTo(task.defaults().architecture());
    assertThat(none.architecture(null, WarmStart.Parts.ALL, task)).isEqualTo(task.defaults().architecture());
    assertThat(from.imageSize(null)).as("a vector run has no image side").isNull();
    assertThat(from.imageSize(48)).isEqualTo(48);
    assertThat(none.imageSize(null)).isNull();
    assertThat(from.samples(null, 1024)).as("a fine-tuning keeps its parent's M").isEqualTo(64);
    assertThat(from.samples(512, 1024)).isEqualTo(512);
    assertThat(none.samples(null, 1024)).isEqualTo(1024);
  }
}
