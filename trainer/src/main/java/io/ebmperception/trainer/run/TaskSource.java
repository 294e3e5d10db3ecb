package io.ebmperception.trainer.run;

import io.ebmperception.trainer.data.CsvLoader;
import io.ebmperception.trainer.data.RegressionDataset;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's data comes from, recorded in the run folder so that {@code evaluate} can rebuild
 * the same {@link Task}: a built-in problem ({@code toy1}, {@code toy2}) or CSV files with named
 * columns.
 *
 * @param dataset   {@code toy1}, {@code toy2}, {@code roads} (32 px) or {@code roads-N} (N px), or a
 *                  path to a training CSV
 * @param testData  path to a test CSV (CSV data only; may be null)
 * @param xColumns  input columns of the CSVs
 * @param yColumns  target columns of the CSVs
 */
public record TaskSource(String dataset, String testData, List<String> xColumns,
    List<String> yColumns) {

  public TaskSource {
    xColumns = xColumns == null ? List.of("x") : List.copyOf(xColumns);
    yColumns = yColumns == null ? List.of("y") : List.copyOf(yColumns);
  }

  /** Whether the dataset names a built-in problem. */
  public boolean builtIn() {
    return "toy1".equals(dataset) || "toy2".equals(dataset) || dataset.matches("roads(-\\d+)?");
  }

  /** Loads the data and builds the task; CSV errors surface as one-line messages. */
  public Task resolve() {
    if ("toy1".equals(dataset)) {
      return Task.toy1();
    }
    if ("toy2".equals(dataset)) {
      return Task.toy2();
    }
    if (dataset.matches("roads(-\\d+)?")) {
      int side = dataset.equals("roads") ? 32 : Integer.parseInt(dataset.substring(6));
      if (side < 8 || side > 256) {
        throw new IllegalArgumentException("roads image size must be in [8, 256], got " + side);
      }
      return Task.roads(side);
    }
    CsvLoader loader = CsvLoader.builder().inputColumns(xColumns).targetColumns(yColumns).build();
    RegressionDataset train = loader.load(Path.of(dataset));
    RegressionDataset test = testData == null ? null : loader.load(Path.of(testData));
    String name = Path.of(dataset).getFileName().toString().replaceFirst("\\.csv$", "");
    return Task.custom(name, train, test);
  }
}
