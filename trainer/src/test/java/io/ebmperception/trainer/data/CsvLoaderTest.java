package io.ebmperception.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

  private static RegressionDataset load(CsvLoader loader, String text) {
    return loader.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv");
  }

  @Test
  void readsNamedColumnsInTheOrderAsked() {
    CsvLoader loader = CsvLoader.builder().inputColumns(List.of("b", "a"))
        .targetColumns(List.of("yaw", "pitch", "roll")).build();
    RegressionDataset d = load(loader, "a,b,yaw,pitch,roll,ignored\n1,2,10,20,30,x\n3,4,11,21,31,y\n");
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.targetDim()).isEqualTo(3);
    assertThat(d.input(1)).containsExactly(4f, 3f);
    assertThat(d.target(0)).containsExactly(10f, 20f, 30f);
    assertThat(d.inputShape()).containsExactly(2L);
  }

  @Test
  void defaultsToXAndY() {
    RegressionDataset d = load(CsvLoader.builder().build(), "y,x\n0.5,1.5\n\n-1,2\n");
    assertThat(d.inputs()).containsExactly(1.5f, 2f);
    assertThat(d.targets()).containsExactly(0.5f, -1f);
  }

  @Test
  void badNumberNamesFileLineAndColumn() {
    assertThatThrownBy(() -> load(CsvLoader.builder().build(), "x,y\n1,2\n3,abc\n"))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("t.csv:3: column \"y\" holds \"abc\", expected a finite number");
  }

  @Test
  void nonFiniteValuesAreRejected() {
    assertThatThrownBy(() -> load(CsvLoader.builder().build(), "x,y\nNaN,2\n"))
        .hasMessageContaining("t.csv:2: column \"x\"");
  }

  @Test
  void missingColumnListsTheHeader() {
    assertThatThrownBy(() -> load(CsvLoader.builder().targetColumns(List.of("z")).build(), "x,y\n1,2\n"))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("t.csv:1: no column \"z\"; the header has [x, y]");
  }

  @Test
  void wrongColumnCountAndEmptyFilesAreReported() {
    assertThatThrownBy(() -> load(CsvLoader.builder().build(), "x,y\n1,2,3\n"))
        .hasMessage("t.csv:2: 3 columns, the header has 2");
    assertThatThrownBy(() -> load(CsvLoader.builder().build(), ""))
        .hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> load(CsvLoader.builder().build(), "x,y\n"))
        .hasMessageContaining("no data rows");
  }

  @Test
  void missingFileIsOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nope.csv");
    assertThatThrownBy(() -> CsvLoader.builder().build().load(file))
        .isInstanceOf(DataFormatException.class).hasMessage(file + ": no such file");
    Files.writeString(dir.resolve("ok.csv"), "x,y\n1,2\n");
    assertThat(CsvLoader.builder().build().load(dir.resolve("ok.csv")).size()).isEqualTo(1);
  }
}
