package io.ebmperception.trainer.data;

import io.ebmperception.vision.ImageNormalisation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loaders against fixtures written by h5py and NumPy in exactly the published layouts (see
 * src/test/resources/fixtures/make_fixtures.py): pixel (i, c, y, x) holds (7i + 50c + y + x) mod 256.
 */
class PublishedFormatLoadersTest {
  private static final ImageNormalisation RAW = new ImageNormalisation(1f, new float[] {0, 0, 0},
      new float[] {1, 1, 1});

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(PublishedFormatLoadersTest.class.getResource("/fixtures/" + name).toURI());
  }

  private static float expected(int i, int c, int y, int x) {
    return (7 * i + 50 * c + y + x) % 256;
  }

  @Test
  void readsCcganHdf5() throws Exception {
    RegressionDataset d = new CcganHdf5Loader(RAW).load(fixture("SteeringAngle_tiny.h5"), "steering_deg");
    assertThat(d.size()).isEqualTo(5);
    assertThat(d.inputShape()).containsExactly(3L, 64L, 64L);
    assertThat(d.targets()).containsExactly(-30.5f, -2f, 0f, 12.25f, 80f);
    float[] x = d.input(3);
    assertThat(x[0]).isEqualTo(expected(3, 0, 0, 0));
    assertThat(x[64 * 64 + 5 * 64 + 9]).isEqualTo(expected(3, 1, 5, 9));
    assertThat(x[2 * 64 * 64 + 63 * 64 + 63]).isEqualTo(expected(3, 2, 63, 63));
    // the ImageNet normalisation applies per channel
    RegressionDataset n = new CcganHdf5Loader(ImageNormalisation.IMAGENET).load(fixture("SteeringAngle_tiny.h5"), "s");
    assertThat(n.input(0)[64 * 64]).isCloseTo((50 / 255f - 0.456f) / 0.224f, within(1e-5f));
  }

  @Test
  void readsBiwiNpzChannelsLastIntoChannelsFirst() throws Exception {
    RegressionDataset d = new BiwiNpzLoader(RAW).load(fixture("BIWI_tiny.npz"));
    assertThat(d.size()).isEqualTo(4);
    assertThat(d.targetDim()).isEqualTo(3);
    assertThat(d.targetNames()).containsExactly("yaw", "pitch", "roll");
    assertThat(d.target(3)).containsExactly(75.5f, -60f, 30f);
    float[] x = d.input(2);
    assertThat(x[2 * 64 * 64 + 10 * 64 + 20]).isEqualTo(expected(2, 2, 10, 20));
    assertThat(x[7 * 64 + 1]).isEqualTo(expected(2, 0, 7, 1));
  }

  @Test
  void wrongFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
    Path notHdf = Files.writeString(dir.resolve("x.h5"), "hello");
    assertThatThrownBy(() -> new CcganHdf5Loader(RAW).load(notHdf, "y")).isInstanceOf(DataFormatException.class)
        .hasMessageContaining("x.h5");
    assertThatThrownBy(() -> new BiwiNpzLoader(RAW).load(fixture("SteeringAngle_tiny.h5")))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("npz");
    assertThatThrownBy(() -> new BiwiNpzLoader(RAW).load(dir.resolve("none.npz"))).hasMessageContaining("no such file");
  }
}
