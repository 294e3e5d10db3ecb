package io.ebmperception.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.data.ScaleCropAugmentation;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.List;
import java.util.Random;

/**
 * One optimiser step of the {@link TrainingLoop}: gather a batch, one forward and backward pass of
 * the {@link Objective}, one Adam update of the parameters the phase trains, gradients cleared.
 * A class of its own so that {@code bench-step} times exactly the step that training runs.
 */
public final class TrainingStep {
  private final ProbabilisticRegressor model;
  private final Objective objective;
  private final Optimizer adam;
  private final List<Parameter> parameters;
  private final ScaleCropAugmentation augmentation;
  private final ParameterStore store;

  /**
   * @param parameters every trainable parameter (all gradients are cleared after a step)
   * @param augmentation scale-and-crop of image batches, or null
   */
  public TrainingStep(ProbabilisticRegressor model, Objective objective, Optimizer adam,
      List<Parameter> parameters, ScaleCropAugmentation augmentation, ParameterStore store) {
    this.model = model;
    this.objective = objective;
    this.adam = adam;
    this.parameters = List.copyOf(parameters);
    this.augmentation = augmentation;
    this.store = store;
  }

  /**
   * One Adam step on the examples {@code rows}; returns the batch's loss. Only {@code updated}
   * move (a frozen part keeps its weights: Adam's momentum would move it even with a zero
   * gradient); every gradient is cleared.
   */
  public float run(TrainingPhase phase, List<Parameter> updated, RegressionDataset data, int[] rows,
      Random random, NDManager manager) {
    try (NDManager batch = manager.newSubManager()) {
      NDArray x = inputs(batch, data, rows, augmentation, random);
      NDArray y = targets(batch, data, rows);
      float value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = objective.loss(model, store, x, y, phase);
        collector.backward(loss);
        value = loss.getFloat();
      }
      update(adam, updated);
      clearGradients(parameters);
      return value;
    }
  }

  /** The inputs of examples {@code rows} as {@code [rows, inputShape...]}, augmented when asked. */
  public static NDArray inputs(NDManager manager, RegressionDataset data, int[] rows,
      ScaleCropAugmentation augmentation, Random random) {
    float[] inputs = data.gatherInputs(rows);
    if (augmentation != null) {
      augmentation.apply(inputs, rows.length, data.inputShape(), random);
    }
    return manager.create(inputs, TrainingLoop.inputShape(rows.length, data));
  }

  /** The targets of examples {@code rows} as {@code [rows, D]}. */
  public static NDArray targets(NDManager manager, RegressionDataset data, int[] rows) {
    return manager.create(data.gatherTargets(rows), new Shape(rows.length, data.targetDim()));
  }

  /** One Adam update of each parameter in {@code updated} from its gradient. */
  public static void update(Optimizer adam, List<Parameter> updated) {
    for (Parameter p : updated) {
      NDArray weight = p.getArray();
      try (NDArray grad = weight.getGradient()) {
        adam.update(p.getId(), weight, grad);
      }
    }
  }

  /** Sets the gradients of {@code parameters} to zero (PyTorch adds to them otherwise). */
  public static void clearGradients(List<Parameter> parameters) {
    for (Parameter p : parameters) {
      try (NDArray grad = p.getArray().getGradient()) {
        grad.subi(grad);
      }
    }
  }
}
