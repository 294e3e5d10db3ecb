package io.ebmperception.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.model.ConvBlocks;
import io.ebmperception.trainer.model.Mlp;
import java.util.List;
import java.util.Map;

/**
 * Writes a feature net h_x (any {@link io.ebmperception.trainer.model.Backbone}) into an ONNX
 * graph, in inference mode.
 *
 * <ul>
 *   <li>{@link Linear} → MatMul + Add; {@link Conv2d} → Conv (kernel, stride, padding, dilation and
 *       groups as in DJL, whose weight layout ONNX shares);
 *   <li>{@link BatchNorm} is folded into the convolution before it: its inference-time affine map
 *       {@code γ (z − μ) / √(σ² + ε) + β} is measured by running the block on 0 and 1, so the fold
 *       is exact whatever ε the block was built with; a batch norm without a convolution before it
 *       becomes Mul + Add;
 *   <li>the named blocks of {@link Mlp} and {@link ConvBlocks} → Relu, Flatten, MaxPool,
 *       GlobalAveragePool;
 *   <li>a {@link ParallelBlock} of two branches is a residual unit of DJL's {@code ResNetV1}: the
 *       branches are summed and passed through a ReLU, and inside it DJL's unnamed activation
 *       blocks are that unit's ReLUs.
 * </ul>
 * Anything else is refused with the block's type, so an unsupported layer never exports silently.
 */
final class FeatureNetExporter {
  /**
   * Names of DJL's own lambda blocks in the model zoo's ResNet ({@code Activation.reluBlock()},
   * {@code Blocks.batchFlattenBlock()}): a lambda block is an opaque function, and its name is the
   * only identity DJL gives it. Our own blocks carry the names of {@link Mlp} and {@link ConvBlocks}.
   */
  private static final String DJL_RELU = "ReLU";
  private static final String DJL_BATCH_FLATTEN = "batchFlatten";
  private static final String DJL_IDENTITY = "identity";
  private final OnnxGraph g;

  FeatureNetExporter(OnnxGraph graph) {
    this.g = graph;
  }

  /** Adds the nodes of {@code net} applied to {@code input}; returns the output's name. */
  String export(Block net, String input) {
    return block(net, input, false);
  }

  private String block(Block b, String input, boolean insideResidualUnit) {
    if (b instanceof SequentialBlock seq) {
      List<Block> children = seq.getChildren().values();
      String h = input;
      for (int i = 0; i < children.size(); i++) {
        Block child = children.get(i);
        Block next = i + 1 < children.size() ? children.get(i + 1) : null;
        if (child instanceof Conv2d conv && next instanceof BatchNorm bn) {
          h = conv(conv, bn, h);
          i++;
        } else {
          h = block(child, h, insideResidualUnit);
        }
      }
      return h;
    }
    if (b instanceof Linear linear) {
      return linear(linear, input);
    }
    if (b instanceof Conv2d conv) {
      return conv(conv, null, input);
    }
    if (b instanceof BatchNorm bn) {
      float[][] affine = affine(bn);
      long[] dims = {1, affine[0].length, 1, 1};
      String scaled = g.node("Mul", "bn_scale", Map.of(), input, g.floats("scale", affine[0], dims));
      return g.node("Add", "bn_shift", Map.of(), scaled, g.floats("shift", affine[1], dims));
    }
    if (b instanceof ParallelBlock parallel && parallel.getChildren().size() == 2) {
      String left = block(parallel.getChildren().get(0).getValue(), input, true);
      String right = block(parallel.getChildren().get(1).getValue(), input, true);
      return g.node("Relu", "res_relu", Map.of(), g.node("Add", "res_add", Map.of(), left, right));
    }
    if (b instanceof LambdaBlock lambda) {
      return lambda(lambda, input, insideResidualUnit);
    }
    throw new IllegalArgumentException("cannot export block " + b.getClass().getSimpleName());
  }

  private String lambda(LambdaBlock lambda, String input, boolean insideResidualUnit) {
    String name = lambda.getName();
    if (Mlp.RELU.equals(name) || DJL_RELU.equals(name)
        || (insideResidualUnit && LambdaBlock.DEFAULT_NAME.equals(name))) {
      return g.node("Relu", "relu", Map.of(), input);
    }
    if (Mlp.FLATTEN.equals(name) || DJL_BATCH_FLATTEN.equals(name)) {
      return g.node("Flatten", "flatten", Map.of("axis", 1), input);
    }
    if (DJL_IDENTITY.equals(name)) {
      return input;
    }
    if (ConvBlocks.GLOBAL_AVG_POOL.equals(name)) {
      return g.node("GlobalAveragePool", "gap", Map.of(), input);
    }
    int[] pool = ConvBlocks.maxPoolParameters(name);
    if (pool != null) {
      return g.node("MaxPool", "maxpool", Map.of(
          "kernel_shape", new long[] {pool[0], pool[0]},
          "strides", new long[] {pool[1], pool[1]},
          "pads", new long[] {pool[2], pool[2], pool[2], pool[2]}), input);
    }
    throw new IllegalArgumentException("cannot export the block named '" + name + "'");
  }

  /** A convolution, with the batch norm after it (or null) folded into its weights and bias. */
  private String conv(Conv2d conv, BatchNorm bn, String input) {
    NDArray w = conv.getDirectParameters().get("weight").getArray();
    long[] shape = w.getShape().getShape();
    float[] weight = w.toFloatArray();
    Parameter biasParameter = conv.getDirectParameters().get("bias");
    float[] bias = biasParameter == null ? new float[(int) shape[0]]
        : biasParameter.getArray().toFloatArray();
    if (bn != null) {
      float[][] affine = affine(bn);
      int perFilter = weight.length / (int) shape[0];
      for (int o = 0; o < shape[0]; o++) {
        for (int j = 0; j < perFilter; j++) {
          weight[o * perFilter + j] *= affine[0][o];
        }
        bias[o] = bias[o] * affine[0][o] + affine[1][o];
      }
    }
    Shape stride = conv.getStride();
    Shape padding = conv.getPadding();
    Shape dilation = conv.getDilation();
    return g.node("Conv", "conv", Map.of(
            "kernel_shape", new long[] {shape[2], shape[3]},
            "strides", stride.getShape(),
            "pads", new long[] {padding.get(0), padding.get(1), padding.get(0), padding.get(1)},
            "dilations", dilation.getShape(),
            "group", (long) conv.getGroups()),
        input, g.floats("conv_weight", weight, shape), g.floats("conv_bias", bias, shape[0]));
  }

  /** Per-channel scale and shift of a batch norm in inference mode: {@code bn(z) = scale·z + shift}. */
  private static float[][] affine(BatchNorm bn) {
    long channels = bn.getDirectParameters().get("gamma").getArray().getShape().get(0);
    NDManager parent = bn.getDirectParameters().get("gamma").getArray().getManager();
    try (NDManager probe = parent.newSubManager()) {
      NDArray zeros = probe.zeros(new Shape(1, channels, 1, 1));
      NDArray ones = probe.ones(new Shape(1, channels, 1, 1));
      ParameterStore store = new ParameterStore(probe, false);
      float[] shift = bn.forward(store, new NDList(zeros), false).singletonOrThrow().toFloatArray();
      float[] atOne = bn.forward(store, new NDList(ones), false).singletonOrThrow().toFloatArray();
      float[] scale = new float[shift.length];
      for (int c = 0; c < scale.length; c++) {
        scale[c] = atOne[c] - shift[c];
      }
      return new float[][] {scale, shift};
    }
  }

  /** {@code input · Wᵀ + b}. */
  private String linear(Linear linear, String input) {
    NDArray w = linear.getDirectParameters().get("weight").getArray();
    String out;
    try (NDArray t = w.transpose()) {
      out = g.node("MatMul", "matmul", Map.of(), input,
          g.floats("weight", t.toFloatArray(), w.getShape().get(1), w.getShape().get(0)));
    }
    Parameter bias = linear.getDirectParameters().get("bias");
    if (bias == null) {
      return out;
    }
    NDArray b = bias.getArray();
    return g.node("Add", "linear", Map.of(), out, g.floats("bias", b.toFloatArray(), b.size()));
  }
}
