package io.ebmperception.trainer.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.nio.file.Path;

/**
 * The layout of one run's output folder:
 * <pre>
 * config.json            RunRecord: data source, training settings, model shape
 * metrics.json           evaluation metrics, wall time, steps/s
 * loss.csv               mean loss per epoch
 * checkpoints/           epoch-N.params and final.params (DJL parameter format), epoch-N.resume
 *                        (loss history and optimiser state for train --resume)
 * bundle/                manifest.json, input.onnx, energy.onnx
 * plots/                 loss.png, ebm-density.png, mdn-density.png (1-D data)
 * </pre>
 */
public record RunFolder(Path root) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Path config() {
    return root.resolve("config.json");
  }

  public Path metrics() {
    return root.resolve("metrics.json");
  }

  public Path lossCsv() {
    return root.resolve("loss.csv");
  }

  public Path checkpoint(String name) {
    return root.resolve("checkpoints").resolve(name + ".params");
  }

  /** The validation curve so far, saved beside checkpoint {@code name} (a resumed run continues it). */
  public Path curve(String name) {
    return root.resolve("checkpoints").resolve(name + ".curve.json");
  }

  /** The resume point saved beside checkpoint {@code name}. */
  public Path resumePoint(String name) {
    return root.resolve("checkpoints").resolve(name + ".resume");
  }

  /**
   * The latest epoch with both a checkpoint and a resume point, or 0 when the run has none (it
   * stopped before its first checkpoint, or was made without them).
   */
  public int latestResumableEpoch() {
    Path dir = root.resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.matches("epoch-\\d+\\.resume"))
          .mapToInt(n -> Integer.parseInt(n.substring(6, n.length() - 7)))
          .filter(e -> Files.isRegularFile(checkpoint("epoch-" + e)))
          .max().orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public Path finalCheckpoint() {
    return checkpoint("final");
  }

  public Path bundle() {
    return root.resolve("bundle");
  }

  public Path plot(String name) {
    return root.resolve("plots").resolve(name + ".png");
  }

  /** Reads {@code config.json}, failing with a one-line message when this is not a run folder. */
  public RunRecord readRecord() {
    if (!Files.isRegularFile(config())) {
      throw new IllegalArgumentException(root + " is not a run folder (no config.json)");
    }
    return read(config(), RunRecord.class);
  }

  /**
   * Rebuilds the model of this run from checkpoint {@code name} ({@code final}, {@code epoch-25},
   * ...), failing with a one-line message when the run or the checkpoint does not exist.
   */
  public ProbabilisticRegressor loadModel(String name, NDManager manager) {
    RunRecord record = readRecord();
    Path file = checkpoint(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no checkpoint " + file);
    }
    return Checkpoints.load(record.spec(), file, manager);
  }

  /** Writes {@code value} as indented JSON. */
  public static void writeJson(Path file, Object value) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads JSON into {@code type}. */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
