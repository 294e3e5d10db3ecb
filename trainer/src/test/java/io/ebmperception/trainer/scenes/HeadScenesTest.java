package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.RegressionDataset;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeadScenesTest {
  private static final HeadScenes.Scene FRONT_LIGHT = new HeadScenes.Scene(new float[] {0, 0, 1}, 0.3f,
      new float[] {0.2f, 0.5f, 0.3f}, 0, 0, 0, 0.36f, 1);

  @Test
  void theSameSeedRendersTheSamePixels() {
    RegressionDataset a = HeadScenes.dataset(3, 24, 5);
    RegressionDataset b = HeadScenes.dataset(3, 24, 5);
    assertThat(a.inputs()).containsExactly(b.inputs());
    assertThat(a.targets()).containsExactly(b.targets());
    assertThat(a.targetNames()).containsExactly("yaw", "pitch", "roll");
    assertThat(HeadScenes.dataset(3, 24, 6).inputs()).isNotEqualTo(a.inputs());
  }

  @Test
  void posesStayInTheirRanges() {
    float[] y = HeadScenes.dataset(200, 8, 1).targets();
    for (int i = 0; i < y.length; i++) {
      assertThat(Math.abs(y[i])).isLessThanOrEqualTo(HeadScenes.POSE_RANGE[i % 3]);
    }
  }

  @Test
  void aFaceTellsWhichWayItTurnsButAHoodAlmostDoesNot() {
    HeadScenes.Subject face = subject(false);
    HeadScenes.Subject hood = subject(true);
    // (yaw, pitch) and (-yaw, -pitch): the same silhouette seen in depth reversal
    double faceGap = difference(face, new float[] {40, 15, 10}, new float[] {-40, -15, 10});
    double hoodGap = difference(hood, new float[] {40, 15, 10}, new float[] {-40, -15, 10});
    assertThat(faceGap).isGreaterThan(10 * hoodGap);
    // the hooded head is not blind to pose: its roll still shows
    assertThat(difference(hood, new float[] {40, 15, 10}, new float[] {40, 15, -10}))
        .isGreaterThan(3 * hoodGap);
  }

  @Test
  void yawTurnsTheFaceTowardsTheImagesRight() {
    HeadScenes.Subject face = subject(false);
    // the whites of the eyes follow the face
    assertThat(eyesCentreX(HeadScenes.render(64, 64, 50, 0, 0, face, FRONT_LIGHT)))
        .isGreaterThan(36);
    assertThat(eyesCentreX(HeadScenes.render(64, 64, -50, 0, 0, face, FRONT_LIGHT)))
        .isLessThan(28);
  }

  private static HeadScenes.Subject subject(boolean hooded) {
    return new HeadScenes.Subject(0.78f, 0.88f, new float[] {0.8f, 0.6f, 0.5f},
        new float[] {0.2f, 0.15f, 0.1f}, 0.4f, hooded);
  }

  /** Mean absolute difference (0-255) of two renders at poses (yaw, pitch, roll). */
  private static double difference(HeadScenes.Subject s, float[] poseA, float[] poseB) {
    BufferedImage a = HeadScenes.render(64, 64, poseA[0], poseA[1], poseA[2], s, FRONT_LIGHT);
    BufferedImage b = HeadScenes.render(64, 64, poseB[0], poseB[1], poseB[2], s, FRONT_LIGHT);
    double sum = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    return sum / (64 * 64 * 3);
  }

  private static double eyesCentreX(BufferedImage image) {
    double sum = 0;
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xff) > 190 && ((rgb >> 8) & 0xff) > 190 && (rgb & 0xff) > 190) {
          sum += x;
          count++;
        }
      }
    }
    return sum / count;
  }

  @Test
  void sequencesMoveSmoothly() {
    var sequence = SyntheticScenes.HEADS.sequence(3, 16, 16);
    float[] previous = sequence.apply(0).target();
    for (int i = 1; i < 50; i++) {
      float[] now = sequence.apply(i).target();
      for (int k = 0; k < 3; k++) {
        assertThat(Math.abs(now[k] - previous[k])).isLessThan(3f);
      }
      previous = now;
    }
  }
}
