package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Re-initialises every {@link Linear} layer of a block tree the way PyTorch's {@code nn.Linear}
 * does by default (weights and biases uniform in ±1/√fan_in), which is what the paper's reference
 * code trains from. DJL's own default (Xavier weights, zero biases) trains the tiny 1-D networks
 * measurably worse.
 */
public final class TorchDefaultInitializer {
  private TorchDefaultInitializer() {}

  /** Applies the initialisation to all linear layers below {@code root}; random draws use the engine seed. */
  public static void apply(Block root, NDManager manager) {
    if (root instanceof Linear linear) {
      Parameter weight = linear.getDirectParameters().get("weight");
      Shape shape = weight.getArray().getShape();
      float bound = (float) (1.0 / Math.sqrt(shape.get(1)));
      replace(weight, manager.randomUniform(-bound, bound, shape));
      Parameter bias = linear.getDirectParameters().get("bias");
      if (bias != null) {
        replace(bias, manager.randomUniform(-bound, bound, bias.getArray().getShape()));
      }
    }
    for (Block child : root.getChildren().values()) {
      apply(child, manager);
    }
  }

  private static void replace(Parameter parameter, NDArray values) {
    NDArray array = parameter.getArray();
    array.set(values.toFloatArray());
    values.close();
  }
}
