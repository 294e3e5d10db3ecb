package io.ebmperception.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.data.NpyArray;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.run.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Step-for-step parity with the paper's reference implementation on dataset 1 ("ours", NCE +
 * KL(p‖q), K = 4, M = 1024, batch 32, Adam 1e-3). The fixture (src/test/resources/parity/toy1-k4,
 * written by bench/reference/export_reference_steps.py from the authors' code) holds the
 * reference's initial weights and, for its first steps, the batch it drew, its proposal samples,
 * its losses, its gradients and its weights after Adam. Our model starts from those weights, is
 * given the same batch and samples, and must agree at every step:
 *
 * <ul>
 *   <li>the batch's inputs and targets, bit for bit (the same data);
 *   <li>the loss to a relative 1e-5;
 *   <li>every gradient to 1e-5 + 1e-4 of the largest of that parameter's gradient (float32 sums
 *       over 1024 samples in another order);
 *   <li>every weight after the Adam step to 2e-6 (the learning rate is 1e-3: a first Adam step
 *       moves each weight by about 1e-3, so this is 0.2% of a step), except where the reference's
 *       gradient is at float32's noise level (|g| ≤ 1e-6, zero included: a sum that is zero in exact arithmetic,
 *       such as the gradient of a bias behind the NCE's softmax, comes out as ±1e-8): Adam
 *       divides by |g|, so noise of either sign moves such a weight by up to a whole step in either
 *       implementation, and there the bound is one step (the learning rate).
 * </ul>
 *
 * <p>Each step starts from the reference's weights after its previous step (Adam's moments are
 * our own), so that a noise-level coordinate of one step does not blur the comparison of the next.
 */
class ReferenceParityTest {
  static final Path FIXTURE = Path.of("src/test/resources/parity/toy1-k4");
  static final int SAMPLES = 1024;

  /** Our parameter → the reference's, with the column range for the halves of the split joint layer. */
  private record Source(String reference, int fromColumn, int toColumn) {
    static Source of(String reference) {
      return new Source(reference, -1, -1);
    }
  }

  private static final Map<String, Source> MAP = new LinkedHashMap<>();

  static {
    linear("01features_01Linear", "feature_net.fc1_x");
    linear("01features_03Linear", "feature_net.fc2_x");
    linear("02energy_01yBranch_01Linear", "predictor_net.fc1_y");
    linear("02energy_01yBranch_03Linear", "predictor_net.fc2_y");
    MAP.put("02energy_02featureProjection_weight", new Source("predictor_net.fc1_xy.weight", 0, 10));
    MAP.put("02energy_03sampleProjection_weight", new Source("predictor_net.fc1_xy.weight", 10, 20));
    MAP.put("02energy_03sampleProjection_bias", Source.of("predictor_net.fc1_xy.bias"));
    linear("02energy_04residual", "predictor_net.fc2_xy");
    linear("02energy_05output", "predictor_net.fc3_xy");
    linear("03proposal_01means_01Linear", "noise_net.fc1_mean");
    linear("03proposal_01means_03Linear", "noise_net.fc2_mean");
    linear("03proposal_02logVariances_01Linear", "noise_net.fc1_sigma");
    linear("03proposal_02logVariances_03Linear", "noise_net.fc2_sigma");
    linear("03proposal_03weights_01Linear", "noise_net.fc1_weight");
    linear("03proposal_03weights_03Linear", "noise_net.fc2_weight");
  }

  private static void linear(String ours, String reference) {
    MAP.put(ours + "_weight", Source.of(reference + ".weight"));
    MAP.put(ours + "_bias", Source.of(reference + ".bias"));
  }

  private static NpyArray npy(Path file) throws IOException {
    return NpyArray.parse(Files.readAllBytes(file), file.toString());
  }

  /** The reference's value of our parameter {@code name} from folder {@code dir} ([rows, cols] row-major). */
  private static float[] reference(Path dir, String name) throws IOException {
    Source s = MAP.get(name);
    NpyArray a = npy(dir.resolve(s.reference() + ".npy"));
    float[] values = (float[]) a.data();
    if (s.fromColumn() < 0) {
      return values;
    }
    int rows = a.shape()[0];
    int cols = a.shape()[1];
    int width = s.toColumn() - s.fromColumn();
    float[] out = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(values, r * cols + s.fromColumn(), out, r * width, width);
    }
    return out;
  }

  private static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void ourStepsFollowTheReferenceStepsFromItsWeightsAndDraws() throws IOException {
    assertThat(FIXTURE.resolve("initial")).isDirectory();
    RegressionDataset data = Task.toy1().train();
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      ProbabilisticRegressor model = ProbabilisticRegressor.of(
          Method.NCE_KL.modelSpec(new long[] {1}, 1, 4, Architecture.toy()));
      model.initialize(manager);
      Map<String, Parameter> parameters = new LinkedHashMap<>();
      model.getParameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
      assertThat(parameters.keySet()).as("every parameter has a counterpart").isEqualTo(MAP.keySet());
      for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
        NDArray array = p.getValue().getArray();
        array.set(reference(FIXTURE.resolve("initial"), p.getKey()));
      }
      List<Parameter> trainable = TrainingLoop.trainable(model);
      CheckpointedAdam adam = new CheckpointedAdam(1e-3f).nameParameters(model);
      ParameterStore store = new ParameterStore(manager, false);
      for (int k = 0; Files.isDirectory(FIXTURE.resolve("step-" + k)); k++) {
        Path step = FIXTURE.resolve("step-" + k);
        int[] rows = (int[]) npy(step.resolve("rows.npy")).data();
        assertThat(data.gatherInputs(rows)).as("step %d: the batch's inputs", k)
            .containsExactly((float[]) npy(step.resolve("x.npy")).data());
        assertThat(data.gatherTargets(rows)).as("step %d: the batch's targets", k)
            .containsExactly((float[]) npy(step.resolve("y.npy")).data());
        float[] draws = (float[]) npy(step.resolve("draws.npy")).data();
        double[] losses = (double[]) npy(step.resolve("losses.npy")).data();
        Objective objective = new Objective(Method.NCE_KL, SAMPLES, null).withDraws(
            (q, m, s) -> m.create(draws, new Shape(rows.length, s, 1)));
        float loss;
        try (NDManager batch = manager.newSubManager()) {
          NDArray x = TrainingStep.inputs(batch, data, rows, null, null);
          NDArray y = TrainingStep.targets(batch, data, rows);
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = objective.loss(model, store, x, y);
            collector.backward(value);
            loss = value.getFloat();
          }
          double worstGradient = 0;
          for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            float[] ours = p.getValue().getArray().getGradient().toFloatArray();
            float[] theirs = reference(step.resolve("grad"), p.getKey());
            double diff = maxDiff(ours, theirs);
            double scale = maxAbs(theirs);
            worstGradient = Math.max(worstGradient, diff / (1e-5 + 1e-4 * scale));
            assertThat(diff).as("step %d: gradient of %s (largest %.3g)", k, p.getKey(), scale)
                .isLessThanOrEqualTo(1e-5 + 1e-4 * scale);
          }
          TrainingStep.update(adam, trainable);
          TrainingStep.clearGradients(trainable);
          double worstWeight = 0;
          int noiseLevel = 0;
          for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            float[] ours = p.getValue().getArray().toFloatArray();
            float[] theirs = reference(step.resolve("after"), p.getKey());
            float[] gradient = reference(step.resolve("grad"), p.getKey());
            for (int i = 0; i < ours.length; i++) {
              double diff = Math.abs(ours[i] - theirs[i]);
              if (Math.abs(gradient[i]) <= 1e-6) { // zero included: the reference's 0.0 can be our 1e-9
                noiseLevel++;
                assertThat(diff).as("step %d: %s[%d] after Adam (noise-level gradient)", k, p.getKey(), i)
                    .isLessThanOrEqualTo(1.001e-3);
              } else {
                worstWeight = Math.max(worstWeight, diff);
                assertThat(diff).as("step %d: %s[%d] after Adam", k, p.getKey(), i).isLessThanOrEqualTo(2e-6);
              }
            }
            p.getValue().getArray().set(theirs); // the next step starts where the reference's does
          }
          System.out.printf(Locale.ROOT, "step %d: loss %.6f vs reference %.6f (rel %.1e); worst gradient at %.2f of "
              + "its tolerance; largest weight difference after Adam %.2e (%d weights whose reference gradient is at most 1e-6 in size, zeros of dead units included)%n",
              k, loss, losses[0], Math.abs(loss - losses[0]) / Math.abs(losses[0]), worstGradient, worstWeight,
              noiseLevel);
        }
        assertThat(Math.abs(loss - losses[0])).as("step %d: loss", k).isLessThanOrEqualTo(1e-5 * Math.abs(losses[0]));
      }
    }
  }
}
