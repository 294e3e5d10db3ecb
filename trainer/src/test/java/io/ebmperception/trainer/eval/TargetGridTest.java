package io.ebmperception.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TargetGridTest {

  @Test
  void pointsCoverTheBoxWithTheLastDimensionFastest() {
    TargetGrid g = new TargetGrid(new float[] {0f, -1f}, new float[] {2f, 1f}, 3);
    assertThat(g.size()).isEqualTo(9);
    float[] p = g.points();
    assertThat(p).startsWith(0f, -1f, 0f, 0f, 0f, 1f, 1f, -1f);
    assertThat(p).endsWith(2f, 1f);
    assertThat(g.logCellVolume()).isCloseTo(Math.log(2.0 / 3) + Math.log(2.0 / 3), within(1e-6));
  }

  @Test
  void headPoseGridHas27000Points() {
    TargetGrid g = TargetGrid.cube(3, -80f, 80f, 30);
    assertThat(g.size()).isEqualTo(27000);
    assertThat(g.points()).hasSize(81000);
  }

  @Test
  void rejectsEmptyBoxes() {
    assertThatThrownBy(() -> TargetGrid.of1d(1f, 1f, 10)).hasMessageContaining("hi > lo");
    assertThatThrownBy(() -> TargetGrid.of1d(0f, 1f, 1)).hasMessageContaining("at least 2");
  }
}
