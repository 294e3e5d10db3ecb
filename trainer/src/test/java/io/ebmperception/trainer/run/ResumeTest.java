package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume}: a run continued from a checkpoint ends with the same weights, loss
 * history and metrics as the run that never stopped, bit for bit (Adam's moments and step count
 * travel with the checkpoint, and every epoch seeds its own randomness).
 */
class ResumeTest {
  private static final TaskSource TOY2 = new TaskSource("toy2", null, null, null);

  @Test
  void aResumedRunEndsExactlyWhereTheUninterruptedOneEnds(@TempDir Path dir) throws IOException {
    // The schedule changes phase (warm-up, frozen features) around the interruption, as on heads.
    TrainingConfig config = TrainingConfig.builder().method(Method.NCE_KL).epochs(3).seed(3).samples(64)
        .schedule(new TrainingSchedule(1, 2, null)).build();
    Path whole = dir.resolve("whole");
    Experiment.builder().source(TOY2).config(config).output(whole).progress(false).artifacts(false)
        .checkpointEvery(1).build().run();

    // The same run, killed while it wrote its epoch-2 resume point: it continues from epoch 1 (the
    // warm-up), through epoch 2 (frozen features) and epoch 3 (everything).
    Path killed = dir.resolve("killed");
    copy(whole, killed);
    Files.delete(killed.resolve("checkpoints/final.params"));
    Files.delete(killed.resolve("metrics.json"));
    Files.delete(killed.resolve("loss.csv"));
    Files.delete(killed.resolve("checkpoints/epoch-2.resume")); // as if killed while writing it
    assertThat(new RunFolder(killed).latestResumableEpoch()).isEqualTo(1);

    Experiment.resume(killed, false);

    assertThat(Files.readAllBytes(killed.resolve("checkpoints/final.params")))
        .isEqualTo(Files.readAllBytes(whole.resolve("checkpoints/final.params")));
    assertThat(Files.readString(killed.resolve("loss.csv"))).isEqualTo(Files.readString(whole.resolve("loss.csv")));
    assertThat(metricsWithoutTimes(killed)).isEqualTo(metricsWithoutTimes(whole));
  }

  @Test
  void aFinishedRunOrOneWithoutCheckpointsIsRefusedInOneLine(@TempDir Path dir) throws IOException {
    TrainingConfig config = TrainingConfig.builder().epochs(1).seed(1).samples(32).build();
    Path done = dir.resolve("done");
    Experiment.builder().source(TOY2).config(config).output(done).progress(false).artifacts(false)
        .checkpointEvery(0).build().run();
    assertThatThrownBy(() -> Experiment.resume(done, false)).hasMessageContaining("finished already");
    Files.delete(done.resolve("checkpoints/final.params"));
    assertThatThrownBy(() -> Experiment.resume(done, false)).hasMessageContaining("no checkpoint to resume from");
    assertThatThrownBy(() -> Experiment.resume(dir.resolve("nothing"), false)).hasMessageContaining("is not a run folder");
  }

  private static String metricsWithoutTimes(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.json")).stream()
        .filter(l -> !l.contains("_seconds") && !l.contains("steps_per_second") && !l.contains("train_steps"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
