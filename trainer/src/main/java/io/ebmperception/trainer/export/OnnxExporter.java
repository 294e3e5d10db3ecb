package io.ebmperception.trainer.export;

import io.ebmperception.schemas.bundle.GraphTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.ebmperception.trainer.model.EnergyModel;
import io.ebmperception.trainer.model.MixtureProposal;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.model.TargetScaling;
import java.util.Map;

/**
 * Writes a trained {@link ProbabilisticRegressor} as the two ONNX graphs of a model bundle.
 *
 * <ul>
 *   <li><b>per-input graph</b> ({@value io.ebmperception.schemas.bundle.BundleLayout#INPUT_GRAPH}), run once per input: {@code x [batch, ...]}
 *       → {@code features [batch, F]} (h_x), {@code projection [batch, H]} (the x-half W_x h_x of the EBM's joint layer) and the MDN's
 *       {@code means [batch, K, D]}, {@code log_variances [batch, K, D]}, {@code log_weights
 *       [batch, K]};
 *   <li><b>per-sample graph</b> ({@value io.ebmperception.schemas.bundle.BundleLayout#ENERGY_GRAPH}), run on all samples: {@code projection
 *       [batch, H]} and {@code samples [batch, M, D]} → {@code energies [batch, M]}.
 * </ul>
 * Outputs a model lacks (no EBM, no MDN) are left out; the manifest says which exist. Feature
 * nets (fully connected or convolutional) are written by {@link FeatureNetExporter}.
 */
public final class OnnxExporter {
  private final String version;
  private final Map<String, String> metadata;

  /**
   * @param version  producer version written into the files
   * @param metadata provenance written as ONNX metadata properties (so a bare file describes itself)
   */
  public OnnxExporter(String version, Map<String, String> metadata) {
    this.version = version;
    this.metadata = Map.copyOf(metadata);
  }

  /** The per-input graph. */
  public ModelProto inputGraph(ProbabilisticRegressor model) {
    ModelSpec spec = model.spec();
    OnnxGraph g = new OnnxGraph("ebm_per_input");
    Object[] xDims = new Object[spec.inputShape().length + 1];
    xDims[0] = GraphTensor.BATCH_AXIS;
    for (int i = 0; i < spec.inputShape().length; i++) {
      xDims[i + 1] = spec.inputShape()[i];
    }
    String x = g.input(GraphTensor.X.tensorName(), xDims);
    if (spec.inputs() != null) {
      int f = spec.inputs().shift().length;
      x = g.node("Div", "x_std", Map.of(),
          g.node("Sub", "x_centred", Map.of(), x, g.floats("input_shift", spec.inputs().shift(), f)),
          g.floats("input_scale", spec.inputs().scale(), f));
    }
    if (spec.energy()) {
      String h = new FeatureNetExporter(g).export(model.featureNet(), x);
      g.nodeWithOutput("Identity", GraphTensor.FEATURES.tensorName(), Map.of(), h);
      g.output(GraphTensor.FEATURES.tensorName(), GraphTensor.BATCH_AXIS, (long) featureWidth(model));
      Linear projection = model.energyModel().featureProjection();
      g.nodeWithOutput("MatMul", GraphTensor.PROJECTION.tensorName(), Map.of(), h, transposedWeight(g, projection));
      g.output(GraphTensor.PROJECTION.tensorName(), GraphTensor.BATCH_AXIS, (long) spec.architecture().jointWidth());
      if (spec.hasProposal() && model.proposalFeatureNet() == null) {
        proposalOutputs(g, model, h);
      }
    }
    if (model.proposalFeatureNet() != null) {
      proposalOutputs(g, model, new FeatureNetExporter(g).export(model.proposalFeatureNet(), x));
    }
    return g.toModel(version, metadata);
  }

  /** The per-sample energy graph; the model must have an EBM. */
  public ModelProto energyGraph(ProbabilisticRegressor model) {
    ModelSpec spec = model.spec();
    if (!spec.energy()) {
      throw new IllegalArgumentException("an MDN-only model has no energy graph");
    }
    EnergyModel energy = model.energyModel();
    OnnxGraph g = new OnnxGraph("ebm_per_sample");
    String projection = g.input(GraphTensor.PROJECTION.tensorName(), GraphTensor.BATCH_AXIS, (long) spec.architecture().jointWidth());
    String samples = g.input(GraphTensor.SAMPLES.tensorName(), GraphTensor.BATCH_AXIS, GraphTensor.SAMPLES_AXIS, (long) spec.targetDim());
    String h = yBranch(g, spec, energy, samples);
    String joint = layers(g, energy.sampleProjection(), h);
    String broadcast = g.node("Unsqueeze", "projection_b", Map.of(), projection, g.longs("axis", 1));
    String a = g.node("Relu", "a", Map.of(), g.node("Add", "joint", Map.of(), joint, broadcast));
    if (energy.residual().isPresent()) {
      String r = g.node("Relu", "r", Map.of(), layers(g, energy.residual().orElseThrow(), a));
      a = g.node("Add", "b", Map.of(), r, a);
    }
    String f = layers(g, energy.output(), a);
    g.nodeWithOutput("Squeeze", GraphTensor.ENERGIES.tensorName(), Map.of(), f, g.longs("last", 2));
    g.output(GraphTensor.ENERGIES.tensorName(), GraphTensor.BATCH_AXIS, GraphTensor.SAMPLES_AXIS);
    return g.toModel(version, metadata);
  }

  /**
   * A per-sample graph that does <em>not</em> use the cached projection: {@code features
   * [batch, F]} and {@code samples [batch, samples, D]} → {@code energies}, recomputing the whole
   * joint layer FC(concat(h_x, h_y)) for every sample. Only for benchmarks of the split.
   */
  public ModelProto naiveEnergyGraph(ProbabilisticRegressor model) {
    ModelSpec spec = model.spec();
    EnergyModel energy = model.energyModel();
    long f = featureWidth(model);
    OnnxGraph g = new OnnxGraph("ebm_per_sample_naive");
    String features = g.input(GraphTensor.FEATURES.tensorName(), GraphTensor.BATCH_AXIS, f);
    String samples = g.input(GraphTensor.SAMPLES.tensorName(), GraphTensor.BATCH_AXIS, GraphTensor.SAMPLES_AXIS, (long) spec.targetDim());
    String h = yBranch(g, spec, energy, samples);
    String batchAndSamples = g.node("Slice", "bm", Map.of(), g.node("Shape", "shape", Map.of(), samples),
        g.longs("start", 0), g.longs("end", 2));
    String target = g.node("Concat", "target", Map.of("axis", 0), batchAndSamples, g.longs("f", f));
    String tiled = g.node("Expand", "hx", Map.of(),
        g.node("Unsqueeze", "hx1", Map.of(), features, g.longs("axis", 1)), target);
    String joint = g.node("Concat", "hxhy", Map.of("axis", 2), tiled, h);
    NDArray wx = energy.featureProjection().getDirectParameters().get("weight").getArray();
    Linear sampleProjection = energy.sampleProjection();
    NDArray wy = sampleProjection.getDirectParameters().get("weight").getArray();
    try (NDArray full = wx.concat(wy, 1).transpose()) {
      String w = g.floats("joint_weight", full.toFloatArray(), full.getShape().get(0), full.getShape().get(1));
      NDArray bias = sampleProjection.getDirectParameters().get("bias").getArray();
      String a = g.node("Relu", "a", Map.of(), g.node("Add", "joint", Map.of(),
          g.node("MatMul", "joint_mm", Map.of(), joint, w), g.floats("joint_bias", bias.toFloatArray(), bias.size())));
      if (energy.residual().isPresent()) {
        String r = g.node("Relu", "r", Map.of(), layers(g, energy.residual().orElseThrow(), a));
        a = g.node("Add", "b", Map.of(), r, a);
      }
      g.nodeWithOutput("Squeeze", GraphTensor.ENERGIES.tensorName(), Map.of(), layers(g, energy.output(), a), g.longs("last", 2));
    }
    g.output(GraphTensor.ENERGIES.tensorName(), GraphTensor.BATCH_AXIS, GraphTensor.SAMPLES_AXIS);
    return g.toModel(version, metadata);
  }

  /** h_y of the samples, after the model's change of target units. */
  private static String yBranch(OnnxGraph g, ModelSpec spec, EnergyModel energy, String samples) {
    TargetScaling targets = spec.targets();
    String h = samples;
    if (!targets.isIdentity()) {
      h = g.node("Div", "y_std", Map.of(),
          g.node("Sub", "y_centred", Map.of(), samples, g.floats("target_shift", targets.shift(), targets.shift().length)),
          g.floats("target_scale", targets.scale(), targets.scale().length));
    }
    return layers(g, energy.yBranch(), h);
  }

  private static long featureWidth(ProbabilisticRegressor model) {
    return model.energyModel().featureProjection().getDirectParameters().get("weight")
        .getArray().getShape().get(1);
  }

  private static void proposalOutputs(OnnxGraph g, ProbabilisticRegressor model, String h) {
    ModelSpec spec = model.spec();
    long k = spec.components();
    long d = spec.targetDim();
    MixtureProposal head = model.proposal();
    String shape = g.longs("mixture_shape", -1, k, d);
    TargetScaling targets = spec.targets();
    float bound = MixtureProposal.MAX_LOG_VARIANCE;
    String clipped = g.node("Clip", "log_var_clip", Map.of(), layers(g, head.logVarianceBranch(), h),
        g.floats("min", new float[] {-bound}), g.floats("max", new float[] {bound}));
    if (targets.isIdentity()) {
      g.nodeWithOutput("Reshape", GraphTensor.MEANS.tensorName(), Map.of(), layers(g, head.meanBranch(), h), shape);
      g.nodeWithOutput("Reshape", GraphTensor.LOG_VARIANCES.tensorName(), Map.of(), clipped, shape);
    } else {
      String means = g.node("Reshape", "means_std", Map.of(), layers(g, head.meanBranch(), h), shape);
      g.nodeWithOutput("Add", GraphTensor.MEANS.tensorName(), Map.of(),
          g.node("Mul", "means_scaled", Map.of(), means, g.floats("target_scale", targets.scale(), d)),
          g.floats("target_shift", targets.shift(), d));
      g.nodeWithOutput("Add", GraphTensor.LOG_VARIANCES.tensorName(), Map.of(),
          g.node("Reshape", "log_var_std", Map.of(), clipped, shape),
          g.floats("log_var_offset", targets.logVarianceOffset(), d));
    }
    g.nodeWithOutput("LogSoftmax", GraphTensor.LOG_WEIGHTS.tensorName(), Map.of("axis", 1),
        layers(g, head.weightBranch(), h));
    g.output(GraphTensor.MEANS.tensorName(), GraphTensor.BATCH_AXIS, k, d);
    g.output(GraphTensor.LOG_VARIANCES.tensorName(), GraphTensor.BATCH_AXIS, k, d);
    g.output(GraphTensor.LOG_WEIGHTS.tensorName(), GraphTensor.BATCH_AXIS, k);
  }

  /** The nodes of {@code block} (a layer or a stack of them) applied to {@code input}. */
  private static String layers(OnnxGraph g, Block block, String input) {
    return new FeatureNetExporter(g).export(block, input);
  }

  private static String transposedWeight(OnnxGraph g, Linear linear) {
    NDArray w = linear.getDirectParameters().get("weight").getArray();
    long out = w.getShape().get(0);
    long in = w.getShape().get(1);
    try (NDArray t = w.transpose()) {
      return g.floats("weight", t.toFloatArray(), in, out);
    }
  }
}
