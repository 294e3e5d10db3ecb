package io.ebmperception.it;

import io.ebmperception.testkit.FloatAsserts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.schemas.sampling.SnisEstimate;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.trainer.export.BundleWriter;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.Backbone;
import io.ebmperception.trainer.model.TargetScaling;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stream app's predictions (ONNX Runtime, Java sampling) equal the trainer's (DJL) on the
 * same bundle, input and noise: mean, covariance, ESS, log Z, hypotheses and modes.
 */
class TrainerAppParityIT {
  private static final int N = 3;
  private static final int M = 512;
  private static final int R = 16;

  @ParameterizedTest(name = "D = {0}, K = {1}, backbone {2}, standardised targets: {3}")
  @CsvSource({"1, 4, mlp, false", "3, 4, mlp, false", "3, 4, cnn, true", "1, 2, cnn, true"})
  void appAndTrainerPredictTheSame(int d, int k, String backbone, boolean standardised, @TempDir Path dir) {
    ModelSpec spec = Method.NCE_KL.modelSpec(new long[] {3, 16, 16}, d, k,
        new Architecture(new int[] {32, 16}, new int[] {16, 32, 64}, 64, false, 32, Backbone.of(backbone)));
    if (standardised) {
      float[] shift = new float[d];
      float[] scale = new float[d];
      Arrays.fill(shift, 4f);
      Arrays.fill(scale, 30f);
      spec = spec.withTargets(new TargetScaling(shift, scale));
    }
    SampleNoise noise = SampleNoise.generate(99, N, M, d, R);
    float[] x = new float[N * 3 * 16 * 16];
    Random random = new Random(4);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    List<SnisEstimate> trainer;
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(21);
      ProbabilisticRegressor model = ProbabilisticRegressor.of(spec);
      model.initialize(manager);
      new BundleWriter().write(model, manifest(spec), dir);
      trainer = new io.ebmperception.trainer.eval.DjlImportanceSampler(model, manager, ModeSearch.upTo(4))
          .predict(x, noise);
    }
    try (OnnxModel onnx = new OnnxModel(ModelBundle.load(dir), ExecutionProvider.CPU, 1)) {
      List<ImportanceSampler.Timed> app = new ImportanceSampler(onnx, M, R, ModeSearch.upTo(4))
          .predict(x, perInput(noise, d));
      for (int i = 0; i < N; i++) {
        SnisEstimate a = app.get(i).prediction();
        SnisEstimate t = trainer.get(i);
        assertClose(a.mean(), t.mean());
        assertClose(a.covariance(), t.covariance());
        assertThat(a.effectiveSampleSize()).isCloseTo(t.effectiveSampleSize(), within(1e-2 * t.effectiveSampleSize()));
        assertThat(a.logPartition()).isCloseTo(t.logPartition(), within(1e-4));
        assertClose(a.hypotheses(), t.hypotheses());
        assertThat(a.modes()).isNotEmpty().hasSameSizeAs(t.modes());
        for (int j = 0; j < a.modes().size(); j++) {
          assertThat(a.modes().get(j).weight()).isCloseTo(t.modes().get(j).weight(), within(1e-3));
          assertClose(a.modes().get(j).mean(), t.modes().get(j).mean());
          assertClose(a.modes().get(j).covariance(), t.modes().get(j).covariance());
        }
      }
    }
  }

  /** Equal to 1e-4 relative (targets in degrees put covariances in the hundreds). */
  private static void assertClose(float[] actual, float[] expected) {
    FloatAsserts.assertClose(actual, expected, 1e-4, 1e-4);
  }

  private static List<SampleNoise> perInput(SampleNoise all, int d) {
    List<SampleNoise> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      out.add(new SampleNoise(Arrays.copyOfRange(all.uniforms(), i * M, (i + 1) * M),
          Arrays.copyOfRange(all.normals(), i * M * d, (i + 1) * M * d),
          Arrays.copyOfRange(all.resampling(), i * R, (i + 1) * R), 1, M, d, R));
    }
    return out;
  }

  private static Manifest manifest(ModelSpec spec) {
    var a = spec.architecture();
    return new Manifest(Manifest.FORMAT, "parity", "1", "parity", "nce+kl", spec.targetDim(), spec.components(),
        true, true, a.jointWidth(),
        new Manifest.InputSpec(spec.inputShape(), "chw-rgb", 1f / 255, new float[] {0.5f, 0.5f, 0.5f},
            new float[] {0.25f, 0.25f, 0.25f}),
        new Manifest.TargetSpec(List.of("y"), new float[] {-1}, new float[] {1}, 10),
        Map.of("input", "input.onnx", "energy", "energy.onnx"),
        new Manifest.ArchitectureSpec(a.featureWidths(), a.yBranchWidths(), a.jointWidth(), a.residual(),
            a.proposalHidden(), spec.proposal().name(), a.backbone().id()),
        Map.of(), null, 0, "test", Map.of(), "now", null, null);
  }
}
