package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The energy head f_θ(x, y) of the EBM p(y|x) = exp f(x,y) / Z(x), given features h_x.
 *
 * <p>The paper's head is y → y-branch → h_y, then {@code a = ReLU(FC(concat(h_x, h_y)))}, an
 * optional residual step {@code b = ReLU(FC(a)) + a} (1-D networks), and {@code f = FC(1)(b)}.
 * The joint layer is stored split as {@code W_x h_x + (W_y h_y + b)}: the same function, but the
 * x-half ({@link #project}) is computed once per input and broadcast over the M samples, which is
 * what makes evaluating thousands of samples per input cheap, in training and in serving alike.
 *
 * <p>Inputs {@code NDList(features [N, F], samples [N, S, D])}; output {@code energies [N, S]}.
 */
public final class EnergyModel extends AbstractBlock {
  private final SequentialBlock yBranch;
  private final Linear featureProjection;
  private final Linear sampleProjection;
  private final Linear residual;
  private final Linear output;
  private final TargetScaling targets;

  /** A head with the widths of {@code architecture} on targets in their own units. */
  public EnergyModel(Architecture architecture) {
    this(architecture, null);
  }

  /** A head whose y-branch reads targets changed by {@code targets} (null: unchanged). */
  public EnergyModel(Architecture architecture, TargetScaling targets) {
    this.targets = targets;
    yBranch = addChildBlock("yBranch", Mlp.of(architecture.yBranchWidths(), true));
    featureProjection = addChildBlock("featureProjection",
        Linear.builder().setUnits(architecture.jointWidth()).optBias(false).build());
    sampleProjection = addChildBlock("sampleProjection",
        Linear.builder().setUnits(architecture.jointWidth()).build());
    residual = architecture.residual()
        ? addChildBlock("residual", Linear.builder().setUnits(architecture.jointWidth()).build())
        : null;
    output = addChildBlock("output", Linear.builder().setUnits(1).build());
  }


  /** The change of units the y-branch applies first, or null. */
  /** The y-branch h_y: an MLP over the (standardised) target. */
  public SequentialBlock yBranch() {
    return yBranch;
  }

  /** W_x of the split joint layer: the feature half, computed once per input. */
  public Linear featureProjection() {
    return featureProjection;
  }

  /** W_y h_y + b of the split joint layer: the sample half, computed per sample. */
  public Linear sampleProjection() {
    return sampleProjection;
  }

  /** The head's residual layer, if the architecture has one. */
  public java.util.Optional<Linear> residual() {
    return java.util.Optional.ofNullable(residual);
  }

  /** The last layer: the energy f(x, y). */
  public Linear output() {
    return output;
  }

  public TargetScaling targets() {
    return targets;
  }


  /** The per-input half of the joint layer, {@code W_x h_x}: {@code [N, F] → [N, H]}. */
  public NDArray project(ParameterStore store, NDArray features, boolean training) {
    return featureProjection.forward(store, new NDList(features), training).singletonOrThrow();
  }

  /**
   * The energies of S samples per input from the cached projection.
   *
   * @param projection {@code [N, H]} from {@link #project}
   * @param samples    {@code [N, S, D]}
   * @return {@code [N, S]}
   */
  public NDArray energyFromProjection(
      ParameterStore store, NDArray projection, NDArray samples, boolean training) {
    NDArray y = targets == null ? samples : targets.normalise(samples);
    NDArray hy = yBranch.forward(store, new NDList(y), training).singletonOrThrow();
    NDArray joint = sampleProjection.forward(store, new NDList(hy), training).singletonOrThrow();
    NDArray a = Activation.relu(joint.add(projection.expandDims(1)));
    if (residual != null) {
      NDArray r = residual.forward(store, new NDList(a), training).singletonOrThrow();
      a = Activation.relu(r).add(a);
    }
    return output.forward(store, new NDList(a), training).singletonOrThrow().squeeze(2);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray projection = project(store, inputs.get(0), training);
    return new NDList(energyFromProjection(store, projection, inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[1].get(0), inputShapes[1].get(1))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape features = inputShapes[0];
    Shape samples = inputShapes[1];
    featureProjection.initialize(manager, dataType, features);
    yBranch.initialize(manager, dataType, samples);
    Shape hy = yBranch.getOutputShapes(new Shape[] {samples})[0];
    sampleProjection.initialize(manager, dataType, hy);
    Shape joint = sampleProjection.getOutputShapes(new Shape[] {hy})[0];
    if (residual != null) {
      residual.initialize(manager, dataType, joint);
    }
    output.initialize(manager, dataType, joint);
  }
}
