package io.ebmperception.trainer.model;

import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** Builds stacks of fully connected layers; every layer but optionally the last has a ReLU. */
public final class Mlp {
  /** Name of the ReLU blocks this class inserts (the ONNX exporter maps it to {@code Relu}). */
  public static final String RELU = "relu";
  /** Name of the batch-flatten block (the ONNX exporter maps it to {@code Flatten}). */
  public static final String FLATTEN = "flatten";

  private Mlp() {}

  /** A named ReLU block. */
  public static LambdaBlock relu() {
    return LambdaBlock.singleton(Activation::relu, RELU);
  }

  /** A named block reshaping {@code [N, ...]} to {@code [N, prod(...)]}. */
  public static LambdaBlock flatten() {
    return LambdaBlock.singleton(a -> a.reshape(a.getShape().get(0), -1), FLATTEN);
  }

  /**
   * FC(w0) → ReLU → FC(w1) → ReLU ... with a ReLU after the last layer only when asked.
   *
   * @param widths       output width of each layer
   * @param reluAfterLast whether the last layer is followed by a ReLU
   */
  public static SequentialBlock of(int[] widths, boolean reluAfterLast) {
    SequentialBlock block = new SequentialBlock();
    for (int i = 0; i < widths.length; i++) {
      block.add(Linear.builder().setUnits(widths[i]).build());
      if (i < widths.length - 1 || reluAfterLast) {
        block.add(relu());
      }
    }
    return block;
  }
}
