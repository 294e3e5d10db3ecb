package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's data trains with the validation curve in loss.csv and stops when the validation NLL no
 * longer improves, keeping the best epoch; a patience of 0 trains every epoch.
 */
class EarlyStoppingTest {
  private static RegressionDataset data(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (-3 + 6 * r.nextDouble());
      y[i] = (float) (0.5 * x[i] + 0.3 * r.nextGaussian());
    }
    return RegressionDataset.ofScalars("line", x, y);
  }

  private static ExperimentResult train(Path dir, int epochs, Integer patience) {
    Task task = Task.custom("line", data(96, 1), data(64, 2));
    TrainingConfig config = task.defaults().apply(TrainingConfig.builder(), Method.NCE_KL)
        .epochs(epochs).samples(32).learningRate(0.01f).seed(5).build();
    return Experiment.builder().source(new TaskSource("line.csv", null, null, null)).task(task).config(config)
        .output(dir).progress(false).artifacts(false).checkpointEvery(0).patience(patience).build().run();
  }

  @Test
  void aUsersDataStopsWhenTheValidationNllStopsImprovingAndKeepsTheBestEpoch(@TempDir Path dir) throws Exception {
    assertThat(Task.custom("line", data(10, 1), data(10, 2)).defaults().patience()).isEqualTo(UserDataDefaults.PATIENCE);
    ExperimentResult result = train(dir.resolve("stopped"), 60, 2);
    int ran = result.training().epochLosses().size();
    assertThat(ran).as("epochs run of 60 with patience 2").isLessThan(60);
    List<String> csv = Files.readAllLines(result.folder().lossCsv());
    assertThat(csv.get(0)).isEqualTo("epoch,mean_loss,validation_nll_ebm,validation_ess_fraction");
    assertThat(csv).hasSize(ran + 1);
    double[] nll = csv.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2])).toArray();
    int best = 0;
    for (int i = 1; i < nll.length; i++) {
      best = nll[i] < nll[best] ? i : best;
    }
    assertThat(ran - 1 - best).as("epochs after the best one").isEqualTo(2);
    assertThat(result.folder().checkpoint("best")).exists();
  }

  @Test
  void aPatienceOfZeroTrainsEveryEpoch(@TempDir Path dir) {
    assertThat(train(dir, 6, 0).training().epochLosses()).hasSize(6);
  }
}
