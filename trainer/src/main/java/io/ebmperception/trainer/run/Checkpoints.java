package io.ebmperception.trainer.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves and restores model parameters in DJL's own parameter format. */
public final class Checkpoints {
  private Checkpoints() {}

  /** Writes all parameters of {@code model} to {@code file}. */
  public static void save(ProbabilisticRegressor model, Path file) {
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(file)))) {
        model.saveParameters(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  /** Rebuilds a model of {@code spec} with the parameters stored in {@code file}. */
  public static ProbabilisticRegressor load(ModelSpec spec, Path file, NDManager manager) {
    ProbabilisticRegressor model = ProbabilisticRegressor.of(spec);
    model.initialize(manager);
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file)))) {
      model.loadParameters(manager, in);
      return model;
    } catch (IOException | MalformedModelException e) {
      throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
