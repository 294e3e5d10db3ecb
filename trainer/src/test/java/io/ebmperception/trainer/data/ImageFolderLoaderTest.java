package io.ebmperception.trainer.data;

import io.ebmperception.vision.ImageNormalisation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {
  private static final ImageNormalisation UNIT = new ImageNormalisation(1f / 255, new float[] {0, 0, 0},
      new float[] {1, 1, 1});

  @Test
  void readsImagesNamedInTheCsvWithTheirLabels(@TempDir Path dir) throws Exception {
    for (int i = 0; i < 3; i++) {
      BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
      var g = img.createGraphics();
      g.setColor(new Color(i * 100, 0, 255));
      g.fillRect(0, 0, 20, 10);
      g.dispose();
      ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
    }
    Path csv = Files.writeString(dir.resolve("labels.csv"), "file,yaw,pitch\nimg0.png,1,2\nimg2.png,3,4\n");
    RegressionDataset d = new ImageFolderLoader(8, UNIT).load(csv, List.of("pitch", "yaw"));
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.inputShape()).containsExactly(3L, 8L, 8L);
    assertThat(d.target(1)).containsExactly(4f, 3f);
    assertThat(d.input(1)[0]).isCloseTo(200 / 255f, within(1e-3f));
    assertThat(d.input(1)[2 * 64]).isCloseTo(1f, within(1e-3f));
  }

  @Test
  void missingImagesAndColumnsAreNamed(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("l.csv"), "file,y\nnope.png,1\n");
    assertThatThrownBy(() -> new ImageFolderLoader(8, UNIT).load(csv, List.of("y")))
        .hasMessageContaining("l.csv:2: cannot read image");
    assertThatThrownBy(() -> new ImageFolderLoader(8, UNIT).load(csv, List.of("angle")))
        .hasMessageContaining("no column \"angle\"");
  }
}
