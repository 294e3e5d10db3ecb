package io.ebmperception.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegressionDatasetBlockSplitTest {

  @Test
  void framesAreHeldOutInWholeBlocks() {
    int n = 300;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i; // the frame index, to find each row again
      y[i] = i;
    }
    RegressionDataset data = RegressionDataset.ofScalars("recording", x, y);
    RegressionDataset[] parts = data.blockSplit(0.8, 30, 0);
    assertThat(parts[0].size() + parts[1].size()).isEqualTo(n);
    assertThat(parts[1].size()).isEqualTo(60);
    Set<Integer> blocks = new HashSet<>();
    for (float frame : parts[1].inputs()) {
      blocks.add((int) frame / 30);
    }
    assertThat(blocks).as("two whole blocks of 30").hasSize(2);
    for (float frame : parts[0].inputs()) {
      assertThat(blocks).doesNotContain((int) frame / 30);
    }
    assertThat(data.blockSplit(0.8, 30, 0)[1].inputs()).containsExactly(parts[1].inputs());
  }

  @Test
  void aRecordingShorterThanABlockKeepsTrainingRows() {
    RegressionDataset small = RegressionDataset.ofScalars("short", new float[] {0, 1, 2, 3, 4},
        new float[] {0, 1, 2, 3, 4});
    RegressionDataset[] parts = small.blockSplit(0.8, 30, 0);
    assertThat(parts[0].size()).isEqualTo(5);
    assertThat(parts[1].size()).isZero();
  }
}
