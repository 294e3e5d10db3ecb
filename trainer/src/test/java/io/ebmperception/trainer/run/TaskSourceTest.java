package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.trainer.model.Backbone;
import org.junit.jupiter.api.Test;

class TaskSourceTest {
  @Test
  void builtInImageTasksNameTheirSizeAndScoreOnThePapersGrids() {
    TaskSource heads = new TaskSource("heads-16", null, null, null);
    assertThat(heads.builtIn()).isTrue();
    Task task = heads.resolve();
    assertThat(task.name()).isEqualTo("headpose");
    assertThat(task.train().inputShape()).containsExactly(3L, 16L, 16L);
    assertThat(task.train().size()).isEqualTo(TaskSource.HEAD_TRAIN_IMAGES);
    assertThat(task.grid().lo()).containsExactly(-80f, -80f, -80f);
    assertThat(task.grid().pointsPerDim()).isEqualTo(30);
    assertThat(task.defaultArchitecture().backbone()).isEqualTo(Backbone.CNN);
    assertThat(task.defaultStandardiseTargets()).isTrue();
    Task roads = new TaskSource("roads-12", null, null, null).resolve();
    assertThat(roads.train().targetDim()).isEqualTo(1);
    assertThat(roads.defaultArchitecture().backbone()).isEqualTo(Backbone.MLP);
    assertThat(roads.defaultStandardiseTargets()).isFalse();
  }

  @Test
  void imageSizesOutOfRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> new TaskSource("heads-4", null, null, null).resolve())
        .hasMessage("heads image size must be in [8, 256], got 4");
  }
}
