package io.ebmperception.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The paper's two 1-D regression problems (Table 1), shipped with the trainer as resources so that
 * a fresh machine needs no download: dataset 1 of Gustafsson et al. (BMVC 2020), whose true
 * density is known ({@link Gustafsson2020}), and dataset 2 of Brando et al. (NeurIPS 2019), scored
 * by test NLL.
 */
public final class ToyDatasets {
  private static final CsvLoader LOADER = CsvLoader.builder().build();

  private ToyDatasets() {}

  /** The 2000 training pairs of dataset 1 exported from the reference code. */
  public static RegressionDataset gustafsson2020Train() {
    return resource("gustafsson2020_train.csv");
  }

  /** One split of dataset 2: {@code train} (1710), {@code val} (190) or {@code test} (1900). */
  public static RegressionDataset brando2019(String split) {
    String s = split.toLowerCase(Locale.ROOT);
    if (!s.equals("train") && !s.equals("val") && !s.equals("test")) {
      throw new IllegalArgumentException("split must be train, val or test, got " + split);
    }
    return resource("brando2019_" + s + ".csv");
  }

  private static RegressionDataset resource(String file) {
    try (InputStream in = ToyDatasets.class.getResourceAsStream("/toy1d/" + file)) {
      if (in == null) {
        throw new IllegalStateException("resource /toy1d/" + file + " is missing from the jar");
      }
      return LOADER.load(in, file.replace(".csv", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
