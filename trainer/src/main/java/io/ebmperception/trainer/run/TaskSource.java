package io.ebmperception.trainer.run;

import io.ebmperception.trainer.data.BiwiNpzLoader;
import io.ebmperception.trainer.data.CcganHdf5Loader;
import io.ebmperception.trainer.data.CsvHeader;
import io.ebmperception.trainer.data.CsvLoader;
import io.ebmperception.trainer.data.ImageFolderLoader;
import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.trainer.data.RegressionDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's data comes from, recorded in the run folder so that {@code evaluate} can rebuild
 * the same {@link Task}: a built-in problem ({@code toy1}, {@code toy2}) or CSV files with named
 * columns.
 *
 * @param dataset   {@code toy1}, {@code toy2}, {@code roads} (32 px) or {@code roads-N} (N px),
 *                  {@code heads} (64 px) or {@code heads-N} (N px), or a
 *                  path: a table (CSV), an image list (CSV with a {@code file} column), a CcGAN
 *                  HDF5 file ({@code .h5}) or an FSA-Net npz file ({@code .npz})
 * @param testData  path to a test CSV (CSV data only; may be null)
 * @param xColumns  input columns of the CSVs
 * @param yColumns  target columns of the CSVs
 * @param imageSize side in pixels that the images of an image list are resized to (null: 64)
 */
public record TaskSource(String dataset, String testData, List<String> xColumns,
    List<String> yColumns, Integer imageSize) {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSource.class);

  /** Training images of the built-in head-pose task. */
  public static final int HEAD_TRAIN_IMAGES = 3000;
  /** Test images of the built-in head-pose task. */
  public static final int HEAD_TEST_IMAGES = 300;

  /** Default side of the images of an image list. */
  public static final int DEFAULT_IMAGE_SIZE = 64;

  public TaskSource {
    xColumns = xColumns == null ? List.of("x") : List.copyOf(xColumns);
    yColumns = yColumns == null ? List.of("y") : List.copyOf(yColumns);
    if (imageSize != null && (imageSize < 8 || imageSize > 1024)) {
      throw new IllegalArgumentException("--image-size must be between 8 and 1024 pixels, got " + imageSize);
    }
  }

  /** A source whose images (if any) take the default size. */
  public TaskSource(String dataset, String testData, List<String> xColumns, List<String> yColumns) {
    this(dataset, testData, xColumns, yColumns, null);
  }

  /** Whether the dataset names a built-in problem ({@link BuiltInTask}). */
  public boolean builtIn() {
    return BuiltInTask.find(dataset).isPresent();
  }

  /**
   * Loads the data and builds the task; CSV errors surface as one-line messages. A file without
   * test data holds out a seeded 20% of its rows as a validation split, which the run's metrics
   * are computed on.
   */
  public Task resolve() {
    Optional<BuiltInTask> builtIn = BuiltInTask.find(dataset);
    if (builtIn.isPresent()) {
      return builtIn.get().task(dataset);
    }
    if (!Files.exists(Path.of(dataset))) {
      throw new IllegalArgumentException("--data " + dataset + ": no such file, and not a built-in task ("
          + BuiltInTask.names() + ")");
    }
    String name = Path.of(dataset).getFileName().toString().replaceFirst("\\.(csv|h5|hdf5|npz)$", "");
    if (dataset.endsWith(".h5") || dataset.endsWith(".hdf5")) {
      CcganHdf5Loader h5 = new CcganHdf5Loader(ImageNormalisation.IMAGENET);
      String target = yColumns.equals(List.of("y")) ? "label" : yColumns.get(0);
      return imageTask(name, h5.load(Path.of(dataset), target),
          testData == null ? null : h5.load(Path.of(testData), target));
    }
    if (dataset.endsWith(".npz")) {
      BiwiNpzLoader npz = new BiwiNpzLoader(ImageNormalisation.IMAGENET);
      return imageTask(name, npz.load(Path.of(dataset)), testData == null ? null : npz.load(Path.of(testData)));
    }
    if (CsvHeader.of(Path.of(dataset)).contains("file")) {
      ImageFolderLoader images = new ImageFolderLoader(imageSize == null ? DEFAULT_IMAGE_SIZE : imageSize,
          ImageNormalisation.IMAGENET);
      RegressionDataset all = images.load(Path.of(dataset), yColumns);
      if (testData == null && CsvHeader.of(Path.of(dataset)).contains(RECORDING_COLUMN)) {
        // frames of a recording (what `record` writes): held out in contiguous blocks, not single frames
        RegressionDataset[] parts = recordingHeldOut(all);
        return Task.custom(name, parts[0], parts[1], ImageNormalisation.IMAGENET);
      }
      return imageTask(name, all, testData == null ? null : images.load(Path.of(testData), yColumns));
    }
    CsvLoader loader = CsvLoader.builder().inputColumns(xColumns).targetColumns(yColumns).build();
    RegressionDataset train = loader.load(Path.of(dataset));
    if (testData == null) {
      RegressionDataset[] parts = heldOut(train);
      return Task.custom(name, parts[0], parts[1]);
    }
    return Task.custom(name, train, loader.load(Path.of(testData)));
  }

  /** The column that marks an image list as frames of a recording ({@code record} writes it). */
  static final String RECORDING_COLUMN = "sequence";
  /** Consecutive frames held out together from a recording (fewer when it has under 300 frames). */
  static final int RECORDING_BLOCK = 30;

  /** An 80/20 split of a recording's frames in blocks of {@link #RECORDING_BLOCK} ({@link RegressionDataset#blockSplit}). */
  private static RegressionDataset[] recordingHeldOut(RegressionDataset data) {
    if (data.size() < 5) {
      throw new IllegalArgumentException("need at least 5 rows to hold out a validation split, got "
          + data.size() + "; give --test-data");
    }
    int block = Math.max(1, Math.min(RECORDING_BLOCK, data.size() / 10)); // at least 10 blocks to choose from
    RegressionDataset[] parts = data.blockSplit(0.8, block, 0);
    LOG.info("no --test-data: holding out {} of {} frames of the recording, in blocks of {} consecutive frames, as "
        + "the validation split", parts[1].size(), data.size(), block);
    return parts;
  }

  /** A seeded 80/20 split of {@code data} into training and validation rows. */
  private static RegressionDataset[] heldOut(RegressionDataset data) {
    if (data.size() < 5) {
      throw new IllegalArgumentException("need at least 5 rows to hold out a validation split, got "
          + data.size() + "; give --test-data");
    }
    LOG.info("no --test-data: holding out 20% of the rows ({} of {}) as a validation split for the metrics",
        data.size() - (int) Math.round(data.size() * 0.8), data.size());
    return data.split(0.8, 0);
  }

  /** An image task; without test data, a seeded random 80/20 split as in the paper. */
  private static Task imageTask(String name, RegressionDataset train, RegressionDataset test) {
    if (test == null) {
      RegressionDataset[] parts = heldOut(train);
      return Task.custom(name, parts[0], parts[1], ImageNormalisation.IMAGENET);
    }
    return Task.custom(name, train, test, ImageNormalisation.IMAGENET);
  }
}
