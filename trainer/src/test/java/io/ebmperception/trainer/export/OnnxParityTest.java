package io.ebmperception.trainer.export;

import io.ebmperception.testkit.FloatAsserts;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.Backbone;
import io.ebmperception.trainer.model.MixtureParameters;
import io.ebmperception.trainer.model.MixtureProposal;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.model.InputScaling;
import io.ebmperception.trainer.model.TargetScaling;
import io.ebmperception.trainer.train.Method;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exported ONNX graphs, run by ONNX Runtime, compute what the DJL model computes. */
class OnnxParityTest {
  private static final int BATCH = 5;
  private static final int SAMPLES = 7;

  static Stream<Arguments> models() {
    Architecture image = new Architecture(new int[] {32, 16}, new int[] {16, 32, 64, 128}, 512, false, 64, Backbone.MLP);
    return Stream.of(
        Arguments.of(Method.NCE_KL, new long[] {1}, 1, 4, Architecture.toy(), false),
        Arguments.of(Method.NCE_KL, new long[] {2}, 3, 16, Architecture.toy(), false),
        Arguments.of(Method.NCE, new long[] {1}, 1, 1, Architecture.toy(), false),
        Arguments.of(Method.MDN_TEACHER, new long[] {1}, 2, 4, Architecture.toy(), false),
        Arguments.of(Method.MDN_NLL, new long[] {1}, 1, 8, Architecture.toy(), false),
        Arguments.of(Method.NCE_KL, new long[] {3, 64, 64}, 3, 4, image, false),
        Arguments.of(Method.NCE_KL, new long[] {3, 32, 32}, 1, 4, Architecture.smallImage(), false),
        Arguments.of(Method.NCE_KL, new long[] {2}, 3, 4, Architecture.toy(), true),
        Arguments.of(Method.MDN_NLL, new long[] {3, 16, 16}, 1, 2, Architecture.smallImage(), true),
        Arguments.of(Method.MDN_TEACHER, new long[] {2}, 2, 4, Architecture.toy(), true),
        Arguments.of(Method.MDN_TEACHER, new long[] {3, 24, 24}, 3, 4, Architecture.smallImage(), false),
        Arguments.of(Method.NCE_KL, new long[] {3, 64, 64}, 3, 4, Architecture.image(), false));
  }

  @ParameterizedTest(name = "{0} x{1} D={2} K={3} {4} scaled targets (and vector inputs): {5}")
  @MethodSource("models")
  void onnxRuntimeMatchesDjl(Method method, long[] inputShape, int d, int k, Architecture arch,
      boolean scaledTargets) throws Exception {
    ModelSpec spec = method.modelSpec(inputShape, d, k, arch);
    if (scaledTargets) {
      float[] shift = new float[d];
      float[] scale = new float[d];
      for (int i = 0; i < d; i++) {
        shift[i] = 3f * (i + 1);
        scale[i] = 25f / (i + 1);
      }
      spec = spec.withTargets(new TargetScaling(shift, scale));
      if (inputShape.length == 1) {
        float[] inShift = new float[(int) inputShape[0]];
        float[] inScale = new float[(int) inputShape[0]];
        for (int i = 0; i < inShift.length; i++) {
          inShift[i] = -40f * (i + 1);
          inScale[i] = 90f + i;
        }
        spec = spec.withInputs(new InputScaling(inShift, inScale));
      }
    }
    Random random = new Random(11);
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      ProbabilisticRegressor model = ProbabilisticRegressor.of(spec);
      model.initialize(manager);
      ParameterStore store = new ParameterStore(manager, false);
      trainBatchNormStatistics(model, store, manager, inputShape, random);
      int inputSize = spec.inputSize();
      float[] x = randomFloats(random, BATCH * inputSize, 2f);
      float[] y = randomFloats(random, BATCH * SAMPLES * d, 3f);
      long[] xShape = new long[inputShape.length + 1];
      xShape[0] = BATCH;
      System.arraycopy(inputShape, 0, xShape, 1, inputShape.length);
      NDArray xs = manager.create(x, new Shape(xShape));
      NDArray ys = manager.create(y, new Shape(BATCH, SAMPLES, d));

      OnnxExporter exporter = new OnnxExporter("test", Map.of("k", "v"));
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession input = env.createSession(exporter.inputGraph(model).toByteArray());
          OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), xShape);
          OrtSession.Result perInput = input.run(Map.of("x", xt))) {
        NDArray features = spec.energy() ? model.energyFeatures(store, xs, false) : null;
        if (spec.hasProposal()) {
          MixtureParameters q = model.proposalParameters(store, xs, features, false);
          assertClose(perInput, "means", q.means().toFloatArray());
          assertClose(perInput, "log_variances", q.logVariances().toFloatArray());
          assertClose(perInput, "log_weights", q.logWeights().toFloatArray());
          MixtureParameters fromOnnx = new MixtureParameters(
              manager.create(values(perInput, "means"), q.means().getShape()),
              manager.create(values(perInput, "log_variances"), q.logVariances().getShape()),
              manager.create(values(perInput, "log_weights"), q.logWeights().getShape()));
          assertClose(fromOnnx.logDensity(ys).toFloatArray(), q.logDensity(ys).toFloatArray());
        }
        if (spec.energy()) {
          float[] djlEnergies = model.energy(store, features, ys, false).toFloatArray();
          OnnxTensor pt = (OnnxTensor) perInput.get("projection").orElseThrow(); // owned by perInput
          try (OrtSession energy = env.createSession(exporter.energyGraph(model).toByteArray());
              OnnxTensor yt = OnnxTensor.createTensor(env, FloatBuffer.wrap(y),
                  new long[] {BATCH, SAMPLES, d});
              OrtSession.Result out = energy.run(Map.of("projection", pt, "samples", yt))) {
            assertClose(values(out, "energies"), djlEnergies);
          }
          OnnxTensor ft = (OnnxTensor) perInput.get("features").orElseThrow();
          assertClose(values(perInput, "features"), features.toFloatArray());
          try (OrtSession naive = env.createSession(exporter.naiveEnergyGraph(model).toByteArray());
              OnnxTensor yt = OnnxTensor.createTensor(env, FloatBuffer.wrap(y),
                  new long[] {BATCH, SAMPLES, d});
              OrtSession.Result out = naive.run(Map.of("features", ft, "samples", yt))) {
            assertClose(values(out, "energies"), djlEnergies);
          }
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aLayerTheExporterDoesNotKnowIsRefusedNotSkipped() {
    ModelSpec spec = Method.NCE_KL.modelSpec(new long[] {1}, 1, 2, Architecture.toy());
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = new ProbabilisticRegressor(spec, s -> new ai.djl.nn.SequentialBlock()
          .add(new ai.djl.nn.LambdaBlock(x -> x, "mystery"))
          .add(ai.djl.nn.core.Linear.builder().setUnits(4).build()));
      model.initialize(manager);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new OnnxExporter("t", Map.of()).inputGraph(model))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cannot export the block named 'mystery'");
    }
  }

  @org.junit.jupiter.api.Test
  void collapsedVariancesAreClippedTheSameWayInBothRuntimes() throws Exception {
    ModelSpec spec = Method.NCE_KL.modelSpec(new long[] {1}, 1, 2, Architecture.toy());
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = ProbabilisticRegressor.of(spec);
      model.initialize(manager);
      for (var p : model.proposal().getParameters()) {
        if (p.getKey().contains("logVariances") && p.getKey().endsWith("bias")
            && p.getValue().getArray().getShape().get(0) == 2) {
          p.getValue().getArray().set(new float[] {-500f, 500f});
        }
      }
      ParameterStore store = new ParameterStore(manager, false);
      NDArray x = manager.create(new float[] {0.5f}, new Shape(1, 1));
      float[] djl = model.proposalParameters(store, x, null, false).logVariances().toFloatArray();
      assertThat(djl).containsExactly(-MixtureProposal.MAX_LOG_VARIANCE, MixtureProposal.MAX_LOG_VARIANCE);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession input = env.createSession(new OnnxExporter("t", Map.of()).inputGraph(model).toByteArray());
          OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0.5f}), new long[] {1, 1});
          OrtSession.Result out = input.run(Map.of("x", xt))) {
        assertThat(values(out, "log_variances")).containsExactly(djl);
      }
    }
  }

  /**
   * Gives every batch norm non-trivial γ, β and running statistics, so that the exporter's folding
   * is actually tested (fresh blocks are the identity up to ε).
   */
  private static void trainBatchNormStatistics(ProbabilisticRegressor model, ParameterStore store,
      NDManager manager, long[] inputShape, Random random) {
    if (inputShape.length != 3) {
      return;
    }
    for (var p : model.getParameters()) {
      if (p.getKey().endsWith("gamma") || p.getKey().endsWith("beta")) {
        NDArray a = p.getValue().getArray();
        a.set(randomFloats(random, (int) a.size(), 0.5f));
      }
    }
    long[] shape = new long[] {8, inputShape[0], inputShape[1], inputShape[2]};
    for (int i = 0; i < 3; i++) {
      NDArray x = manager.create(randomFloats(random, (int) new Shape(shape).size(), 1.5f), new Shape(shape))
          .add(0.7f);
      for (var net : new ai.djl.nn.Block[] {model.featureNet(), model.proposalFeatureNet()}) {
        if (net != null) {
          net.forward(store, new ai.djl.ndarray.NDList(x), true);
        }
      }
    }
  }

  private static float[] values(OrtSession.Result result, String name) throws Exception {
    FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static void assertClose(OrtSession.Result result, String name, float[] expected)
      throws Exception {
    assertClose(values(result, name), expected);
  }

  private static void assertClose(float[] actual, float[] expected) {
    FloatAsserts.assertClose(actual, expected, 1e-4, 0);
  }

  private static float[] randomFloats(Random random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    return v;
  }
}
