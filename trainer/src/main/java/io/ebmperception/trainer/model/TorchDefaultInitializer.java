package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
      initialise(linear, linear.getDirectParameters().get("weight").getShape().get(1), manager);
      return;
    }
    Block skipA = null;
    Block skipB = null;
    if (root instanceof EnergyModel energy) {
      // The split joint layer W_x h_x + W_y h_y + b is one FC(concat(h_x, h_y)) in the paper:
      // both halves take the bound of the concatenated fan-in.
      skipA = energy.featureProjection();
      skipB = energy.sampleProjection();
      long fanIn = skipA.getDirectParameters().get("weight").getShape().get(1)
          + skipB.getDirectParameters().get("weight").getShape().get(1);
      initialise(energy.featureProjection(), fanIn, manager);
      initialise(energy.sampleProjection(), fanIn, manager);
    }
    for (Block child : root.getChildren().values()) {
      if (child != skipA && child != skipB) {
        apply(child, manager);
      }
    }
  }

  private static void initialise(Linear linear, long fanIn, NDManager manager) {
    float bound = (float) (1.0 / Math.sqrt(fanIn));
    Parameter weight = linear.getDirectParameters().get("weight");
    replace(weight, manager.randomUniform(-bound, bound, weight.getArray().getShape()));
    Parameter bias = linear.getDirectParameters().get("bias");
    if (bias != null) {
      replace(bias, manager.randomUniform(-bound, bound, bias.getArray().getShape()));
    }
  }

  private static void replace(Parameter parameter, NDArray values) {
    NDArray array = parameter.getArray();
    array.set(values.toFloatArray());
    values.close();
  }
}
