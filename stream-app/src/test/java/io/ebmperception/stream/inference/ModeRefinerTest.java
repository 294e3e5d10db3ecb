package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.schemas.sampling.ModeEstimate;
import io.ebmperception.stream.TestBundles;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModeRefinerTest {

  @Test
  void refinementNeverLowersTheEnergyAndMovesUphill() {
    try (OnnxModel model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1)) {
      Random random = new Random(2);
      int batch = 3;
      float[] inputs = new float[batch * model.bundle().inputSize()];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = (float) random.nextGaussian();
      }
      float[] projection = model.proposal(inputs, batch).projection();
      // Input 0 has two modes, input 1 one, input 2 none: the batch pads and ignores the padding.
      List<List<ModeEstimate>> modes = List.of(
          List.of(mode(0.6, -5f, 4f), mode(0.4, 8f, 1f)), List.of(mode(1.0, 2f, 9f)), List.of());
      List<List<ModeEstimate>> refined = new ModeRefiner(model, new ModeRefiner.Settings(8, 1.0)).refine(projection, modes);

      assertThat(refined.get(2)).isEmpty();
      int moved = 0;
      for (int b = 0; b < 2; b++) {
        float[] row = java.util.Arrays.copyOfRange(projection, b * projection.length / batch,
            (b + 1) * projection.length / batch);
        for (int j = 0; j < modes.get(b).size(); j++) {
          ModeEstimate before = modes.get(b).get(j);
          ModeEstimate after = refined.get(b).get(j);
          float[] f = model.energies(row, new float[] {before.mean()[0], after.mean()[0]}, 1, 2);
          assertThat(f[1]).isGreaterThanOrEqualTo(f[0]);
          assertThat(after.weight()).isEqualTo(before.weight());
          assertThat(after.covariance()).isEqualTo(before.covariance());
          moved += after.mean()[0] != before.mean()[0] ? 1 : 0;
        }
      }
      assertThat(moved).isPositive();
    }
  }

  @Test
  void zeroStepsLeaveTheModesAsTheyAre() {
    try (OnnxModel model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1)) {
      List<List<ModeEstimate>> modes = List.of(List.of(mode(1.0, 3f, 1f)));
      assertThat(new ModeRefiner(model, ModeRefiner.Settings.OFF).refine(new float[0], modes)).isSameAs(modes);
    }
    assertThatThrownBy(() -> new ModeRefiner.Settings(-1, 1.0)).hasMessageContaining("steps >= 0");
  }

  private static ModeEstimate mode(double weight, float mean, float variance) {
    return new ModeEstimate(weight, new float[] {mean}, new float[] {variance});
  }
}
