package io.ebmperception.bench.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps BENCHMARKS.md's per-seed table of dataset 1 true: its first two seeds are trained again
 * with the table's own command (75 epochs, {@code reproduce}'s setting {@code toy1/ours-k4}) and
 * must give the published KL to the 4 decimals printed. A change that moves the results fails here
 * until the table is rerun and republished in the same change.
 */
class PublishedSeedsReproduceTest {
  /** The line that introduces the table in BENCHMARKS.md; the rows follow it. */
  static final String MARKER = "<!-- per-seed table: toy1/ours-k4 -->";
  private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| ([0-9.]+) \\|.*");

  @TempDir
  Path dir;

  /** Seed → published KL, from the rows after {@link #MARKER}. */
  static Map<Integer, Double> published(Path benchmarks) throws IOException {
    List<String> lines = Files.readAllLines(benchmarks);
    int start = lines.indexOf(MARKER);
    assertThat(start).as("BENCHMARKS.md has the per-seed table after " + MARKER).isNotNegative();
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.isBlank() && !out.isEmpty()) {
        break;
      }
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        out.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
      }
    }
    return out;
  }

  @Test
  void theFirstTwoSeedsOfDataset1StillGiveThePublishedKl() throws IOException {
    Map<Integer, Double> table = published(Path.of("..", "BENCHMARKS.md"));
    assertThat(table).containsKeys(1, 2);
    List<TableReproduction.Row> rows = new TableReproduction(2, 1, 1, 75, dir, false)
        .run(TableReproduction.settings("toy1", List.of("toy1/ours-k4")));
    List<Double> kl = rows.get(0).values();
    for (int seed = 1; seed <= 2; seed++) {
      assertThat(kl.get(seed - 1)).as("KL of seed %d against BENCHMARKS.md; rerun the table if a change moved it",
          seed).isCloseTo(table.get(seed), within(0.00005 + 1e-9));
    }
  }
}
