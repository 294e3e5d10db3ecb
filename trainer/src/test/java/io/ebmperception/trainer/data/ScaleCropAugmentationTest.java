package io.ebmperception.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScaleCropAugmentationTest {
  private static final long[] SHAPE = {2, 8, 8};

  private static float[] ramp(int rows) {
    float[] v = new float[rows * 128];
    for (int i = 0; i < v.length; i++) {
      v[i] = 1 + (i % 128) * 0.01f;
    }
    return v;
  }

  @Test
  void scaleOneIsTheIdentity() {
    float[] batch = ramp(3);
    new ScaleCropAugmentation(1f, 1f).apply(batch, 3, SHAPE, new Random(1));
    float[] expected = ramp(3);
    for (int i = 0; i < batch.length; i++) {
      assertThat(batch[i]).isCloseTo(expected[i], within(1e-5f));
    }
  }

  @Test
  void zoomingOutRepeatsTheBorderAndZoomingInMagnifies() {
    float[] image = new float[2 * 64];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          image[c * 64 + y * 8 + x] = x; // a horizontal ramp 0..7
        }
      }
    }
    float[] out = image.clone();
    new ScaleCropAugmentation(0.5f, 0.5f).apply(out, 1, SHAPE, new Random(2));
    for (int y = 0; y < 8; y++) {
      assertThat(out[y * 8]).isEqualTo(0f); // the left border is repeated, no foreign values
      assertThat(out[y * 8 + 7]).isEqualTo(7f);
      for (int x = 1; x < 8; x++) {
        assertThat(out[y * 8 + x]).isGreaterThanOrEqualTo(out[y * 8 + x - 1]);
      }
    }
    float[] in = image.clone();
    new ScaleCropAugmentation(2f, 2f).apply(in, 1, SHAPE, new Random(2));
    float span = in[7] - in[0];
    assertThat(span).isCloseTo(3.5f, within(0.01f)); // 8 pixels now show half the ramp
  }

  @Test
  void eachImageOfTheBatchGetsItsOwnDraw() {
    float[] batch = ramp(2);
    new ScaleCropAugmentation(0.7f, 1.4f).apply(batch, 2, SHAPE, new Random(3));
    float[] first = java.util.Arrays.copyOfRange(batch, 0, 128);
    float[] second = java.util.Arrays.copyOfRange(batch, 128, 256);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void rejectsABadRange() {
    assertThatThrownBy(() -> new ScaleCropAugmentation(1.4f, 0.7f))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
