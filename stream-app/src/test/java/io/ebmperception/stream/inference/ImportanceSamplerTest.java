package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.stream.TestBundles;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImportanceSamplerTest {

  @Test
  void aBatchPredictsWhatEachInputPredictsAlone() {
    try (OnnxModel model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1)) {
      ImportanceSampler sampler = new ImportanceSampler(model, 256, 8);
      int size = model.bundle().inputSize();
      Random random = new Random(1);
      float[] inputs = new float[3 * size];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = (float) random.nextGaussian();
      }
      List<SampleNoise> noise = List.of(FrameNoise.of("a", 1, 256, 1, 8), FrameNoise.of("a", 2, 256, 1, 8),
          FrameNoise.of("b", 1, 256, 1, 8));
      List<ImportanceSampler.Timed> batch = sampler.predict(inputs, noise);
      for (int i = 0; i < 3; i++) {
        float[] one = java.util.Arrays.copyOfRange(inputs, i * size, (i + 1) * size);
        var alone = sampler.predict(one, List.of(noise.get(i))).get(0).prediction();
        var inBatch = batch.get(i).prediction();
        assertThat(inBatch.mean()[0]).isCloseTo(alone.mean()[0], within(1e-3f));
        assertThat(inBatch.effectiveSampleSize()).isCloseTo(alone.effectiveSampleSize(), within(1e-2));
        assertThat(inBatch.effectiveSampleSize()).isBetween(1.0, 256.0);
        assertThat(inBatch.hypotheses()).hasSize(8);
      }
    }
  }

  @Test
  void frameNoiseIsStablePerFrameAndDiffersBetweenFrames() {
    assertThat(FrameNoise.seed("cam", 5)).isEqualTo(FrameNoise.seed("cam", 5));
    assertThat(FrameNoise.seed("cam", 5)).isNotEqualTo(FrameNoise.seed("cam", 6));
    assertThat(FrameNoise.seed("cam", 5)).isNotEqualTo(FrameNoise.seed("cam2", 5));
    assertThat(FrameNoise.of("cam", 5, 16, 2, 3).normals()).containsExactly(FrameNoise.of("cam", 5, 16, 2, 3).normals());
  }
}
