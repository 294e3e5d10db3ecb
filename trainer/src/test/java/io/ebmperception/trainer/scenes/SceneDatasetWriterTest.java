package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.ImageFolderLoader;
import io.ebmperception.trainer.data.CcganHdf5Loader;
import io.ebmperception.trainer.data.BiwiNpzLoader;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.NpyArray;
import io.ebmperception.vision.ImageNormalisation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendered datasets written in the published layouts read back through the loaders unchanged. */
class SceneDatasetWriterTest {
  private static final ImageNormalisation RAW = new ImageNormalisation(1f, new float[] {0, 0, 0},
      new float[] {1, 1, 1});

  private static List<SyntheticScenes.Sample> samples(SyntheticScenes scenes, int n, int side) {
    SplittableRandom rng = new SplittableRandom(4);
    List<SyntheticScenes.Sample> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(scenes.sample(rng, side, side));
    }
    return list;
  }

  private static void assertSamePixels(RegressionDataset d, List<SyntheticScenes.Sample> samples, int side) {
    for (int i = 0; i < samples.size(); i++) {
      float[] x = d.input(i);
      for (int y = 0; y < side; y += 5) {
        for (int xx = 0; xx < side; xx += 3) {
          int rgb = samples.get(i).image().getRGB(xx, y);
          assertThat(x[y * side + xx]).isEqualTo((rgb >> 16) & 0xff);
          assertThat(x[side * side + y * side + xx]).isEqualTo((rgb >> 8) & 0xff);
          assertThat(x[2 * side * side + y * side + xx]).isEqualTo(rgb & 0xff);
        }
      }
      assertThat(d.target(i)).containsExactly(samples.get(i).target());
    }
  }

  @Test
  void npzRoundTripsThroughTheBiwiLoader(@TempDir Path dir) {
    List<SyntheticScenes.Sample> s = samples(SyntheticScenes.HEADS, 4, 20);
    Path file = dir.resolve("heads.npz");
    SceneDatasetWriter.writeNpz(file, s);
    assertSamePixels(new BiwiNpzLoader(RAW).load(file), s, 20);
  }

  @Test
  void h5RoundTripsThroughTheCcganLoader(@TempDir Path dir) {
    List<SyntheticScenes.Sample> s = samples(SyntheticScenes.ROADS, 3, 16);
    Path file = dir.resolve("roads.h5");
    SceneDatasetWriter.writeH5(file, s);
    assertSamePixels(new CcganHdf5Loader(RAW).load(file, "steering_deg"), s, 16);
  }

  @Test
  void folderRoundTripsThroughTheImageFolderLoader(@TempDir Path dir) {
    List<SyntheticScenes.Sample> s = samples(SyntheticScenes.HEADS, 3, 16);
    SceneDatasetWriter.writeFolder(dir, s, SyntheticScenes.HEADS.targetNames());
    RegressionDataset d = new ImageFolderLoader(16, RAW).load(dir.resolve("labels.csv"),
        List.of("yaw", "pitch", "roll"));
    assertThat(d.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        assertThat(d.target(i)[k]).isCloseTo(s.get(i).target()[k], org.assertj.core.api.Assertions.within(1e-4f));
      }
    }
  }

  @Test
  void layoutsRefuseTheWrongNumberOfTargets(@TempDir Path dir) {
    assertThatThrownBy(() -> SceneDatasetWriter.writeH5(dir.resolve("x.h5"), samples(SyntheticScenes.HEADS, 1, 8)))
        .hasMessageContaining("one label per image");
    assertThatThrownBy(() -> SceneDatasetWriter.writeNpz(dir.resolve("x.npz"), samples(SyntheticScenes.ROADS, 1, 8)))
        .hasMessageContaining("three pose angles");
  }

  @Test
  void npyArraysRoundTrip() {
    NpyArray a = NpyArray.ofFloats(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3);
    NpyArray b = NpyArray.parse(a.toBytes(), "test");
    assertThat(b.shape()).containsExactly(2, 3);
    assertThat((float[]) b.data()).containsExactly(1.5f, -2f, 3f, 4f, 5f, 6f);
    byte[] bytes = NpyArray.ofBytes(new byte[] {(byte) 255, 0, 7}, 3).toBytes();
    assertThat((bytes.length - 3) % 64).isZero(); // header padded to a multiple of 64 bytes as NumPy does
    assertThat((byte[]) NpyArray.parse(bytes, "test").data()).containsExactly((byte) 255, 0, 7);
  }
}
