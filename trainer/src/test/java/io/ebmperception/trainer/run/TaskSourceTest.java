package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.trainer.model.Backbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(task.defaults().architecture().backbone()).isEqualTo(Backbone.CNN);
    assertThat(task.defaults().standardiseTargets()).isTrue();
    Task roads = new TaskSource("roads-12", null, null, null).resolve();
    assertThat(roads.train().targetDim()).isEqualTo(1);
    assertThat(roads.defaults().architecture().backbone()).isEqualTo(Backbone.MLP);
    assertThat(roads.defaults().standardiseTargets()).isFalse();
  }

  @Test
  void aFileNamedLikeABuiltInTaskIsTheUsersDataWithTheUsersDefaults(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("toy1.csv");
    StringBuilder rows = new StringBuilder("x,y\n");
    for (int i = 0; i < 50; i++) {
      rows.append(i * 100).append(',').append(i * 0.5).append('\n');
    }
    Files.writeString(csv, rows);
    TaskSource source = new TaskSource(csv.toString(), null, null, null);
    assertThat(source.builtIn()).isFalse();
    Task task = source.resolve();
    assertThat(task.knownTruth()).isFalse();
    assertThat(task.defaults().standardiseInputs()).isTrue();
    assertThat(task.defaults().standardiseTargets()).isTrue();
    assertThat(task.defaults().noiseScales()).containsExactly(task.train().targetRange()[1][0]
        - task.train().targetRange()[0][0]);
    // no --test-data: a seeded 20% validation split, disjoint from the training rows
    assertThat(task.train().size()).isEqualTo(40);
    assertThat(task.testData()).hasValueSatisfying(v -> assertThat(v.size()).isEqualTo(10));
    Set<Float> train = new HashSet<>();
    for (float x : task.train().inputs()) {
      train.add(x);
    }
    for (float x : task.testData().orElseThrow().inputs()) {
      assertThat(train).doesNotContain(x);
    }
    assertThat(source.resolve().testData().orElseThrow().inputs())
        .containsExactly(task.testData().orElseThrow().inputs());
  }

  @Test
  void theToyTasksKeepThePapersProtocol() {
    Task toy1 = new TaskSource("toy1", null, null, null).resolve();
    assertThat(toy1.defaults().standardiseInputs()).isFalse();
    assertThat(toy1.defaults().standardiseTargets()).isFalse();
    assertThat(toy1.defaults().noiseSigmas()).containsExactly(0.1f, 0.8f);
    assertThat(new TaskSource("toy2", null, null, null).resolve().defaults().noiseSigmas())
        .containsExactly(0.4f, 3.2f);
  }

  @Test
  void aMissingFileThatIsNoTaskNameSaysBoth() {
    assertThatThrownBy(() -> new TaskSource("toy3", null, null, null).resolve())
        .hasMessageContaining("no such file").hasMessageContaining("toy1, toy2, roads[-N], heads[-N]");
  }

  @Test
  void imageSizesOutOfRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> new TaskSource("heads-4", null, null, null).resolve())
        .hasMessage("heads image size must be in [8, 256], got 4");
  }
}
