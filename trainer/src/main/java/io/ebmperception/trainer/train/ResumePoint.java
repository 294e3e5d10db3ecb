package io.ebmperception.trainer.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a training run stood after an epoch, beside its parameter checkpoint: the epoch, the mean
 * loss of every epoch so far and the optimiser's state. With the parameters it is everything a
 * {@link TrainingLoop} needs to continue as if it had never stopped (each epoch seeds its own
 * randomness from the run's seed and the epoch number).
 *
 * @param epoch          epochs finished
 * @param epochLosses    their mean losses
 * @param optimizerState what {@link CheckpointedAdam#save} wrote
 */
public record ResumePoint(int epoch, List<Double> epochLosses, byte[] optimizerState) {
  private static final int FORMAT = 1;

  public ResumePoint {
    epochLosses = List.copyOf(epochLosses);
  }

  /** Writes this resume point to {@code file}. */
  public void write(Path file) {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(FORMAT);
      out.writeInt(epoch);
      out.writeInt(epochLosses.size());
      for (double loss : epochLosses) {
        out.writeDouble(loss);
      }
      out.writeInt(optimizerState.length);
      out.write(optimizerState);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads what {@link #write} wrote; a damaged file is an error that names it. */
  public static ResumePoint read(Path file) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      if (in.readInt() != FORMAT) {
        throw new IllegalArgumentException(file + " is not a resume point of this version");
      }
      int epoch = in.readInt();
      List<Double> losses = new ArrayList<>();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        losses.add(in.readDouble());
      }
      byte[] state = new byte[in.readInt()];
      in.readFully(state);
      return new ResumePoint(epoch, losses, state);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read resume point " + file + ": " + e.getMessage(), e);
    }
  }

  /** The state of {@code adam} as bytes. */
  static byte[] capture(CheckpointedAdam adam) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      adam.save(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Restores the optimiser state into {@code adam}. */
  void restore(CheckpointedAdam adam, ai.djl.ndarray.NDManager manager) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(optimizerState))) {
      adam.load(in, manager);
    } catch (IOException e) {
      throw new IllegalArgumentException("damaged optimiser state: " + e.getMessage(), e);
    }
  }
}
