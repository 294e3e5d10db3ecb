package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The MDN head g_φ: from features h_x it gives the parameters of a K-component Gaussian mixture
 * over y ∈ R^D through three branches FC(hidden) → ReLU → FC(out) for the means (K·D), the log
 * variances (K·D) and the weight logits (K, log-softmax normalised).
 *
 * <p>Input {@code [N, F]}; output {@code NDList(means [N,K,D], logVariances [N,K,D],
 * logWeights [N,K])}.
 */
public final class MixtureProposal extends AbstractBlock {
  /**
   * Log variances are clipped to [-MAX_LOG_VARIANCE, MAX_LOG_VARIANCE] (σ between 4.5e-5 and 2.2e4
   * times the target's unit): beyond that exp(-log σ²) overflows float32 and a collapsed component
   * turns log q into -inf and the losses into NaN. The exported graph applies the same clip.
   */
  public static final float MAX_LOG_VARIANCE = 20f;

  private final int components;
  private final int targetDim;
  private final SequentialBlock meanBranch;
  private final SequentialBlock logVarianceBranch;
  private final SequentialBlock weightBranch;
  private final TargetScaling targets;

  /** A head for K components of dimension D with branches of the given hidden width. */
  public MixtureProposal(int components, int targetDim, int hidden) {
    this(components, targetDim, hidden, null);
  }

  /**
   * A head whose branches predict in units changed by {@code targets} (null: unchanged); its
   * outputs are mapped back to the data's units.
   */
  public MixtureProposal(int components, int targetDim, int hidden, TargetScaling targets) {
    this.targets = targets;
    this.components = components;
    this.targetDim = targetDim;
    meanBranch = addChildBlock("means", Mlp.of(new int[] {hidden, components * targetDim}, false));
    logVarianceBranch =
        addChildBlock("logVariances", Mlp.of(new int[] {hidden, components * targetDim}, false));
    weightBranch = addChildBlock("weights", Mlp.of(new int[] {hidden, components}, false));
  }

  /** The mixture for features {@code [N, F]}. */
  public MixtureParameters parameters(ParameterStore store, NDArray features, boolean training) {
    NDList out = forward(store, new NDList(features), training);
    return new MixtureParameters(out.get(0), out.get(1), out.get(2));
  }

  /** The change of units of the branches' outputs, or null. */
  /** The branch of the K·D component means. */
  public SequentialBlock meanBranch() {
    return meanBranch;
  }

  /** The branch of the K·D component log variances. */
  public SequentialBlock logVarianceBranch() {
    return logVarianceBranch;
  }

  /** The branch of the K mixture-weight logits. */
  public SequentialBlock weightBranch() {
    return weightBranch;
  }

  public TargetScaling targets() {
    return targets;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = inputs.singletonOrThrow();
    long n = h.getShape().get(0);
    Shape perComponent = new Shape(n, components, targetDim);
    NDArray means = meanBranch.forward(store, inputs, training).singletonOrThrow().reshape(perComponent);
    NDArray logVar = logVarianceBranch.forward(store, inputs, training).singletonOrThrow()
        .clip(-MAX_LOG_VARIANCE, MAX_LOG_VARIANCE).reshape(perComponent);
    if (targets != null) {
      means = targets.denormaliseMeans(means);
      logVar = targets.denormaliseLogVariances(logVar);
    }
    NDArray logits = weightBranch.forward(store, inputs, training).singletonOrThrow();
    return new NDList(means, logVar, logits.logSoftmax(1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    return new Shape[] {
      new Shape(n, components, targetDim), new Shape(n, components, targetDim), new Shape(n, components)
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    meanBranch.initialize(manager, dataType, inputShapes);
    logVarianceBranch.initialize(manager, dataType, inputShapes);
    weightBranch.initialize(manager, dataType, inputShapes);
  }
}
