package io.ebmperception.trainer.model;

import java.util.Arrays;

/**
 * Everything needed to build (and later rebuild from a manifest) a {@link ProbabilisticRegressor}.
 *
 * @param inputShape   shape of one input x without the batch axis ({@code [1]} for the toy problems)
 * @param targetDim    D, the dimension of y
 * @param components   K, the number of Gaussian components of the MDN proposal
 * @param architecture layer widths
 * @param energy       whether the model has an EBM f(x, y) (false for the MDN-by-NLL baseline)
 * @param proposal     where the MDN reads its features, or {@link ProposalMode#NONE}
 * @param targets      the networks' change of target units (null: none)
 * @param inputs       standardisation of vector inputs inside the networks (null: none)
 */
public record ModelSpec(
    long[] inputShape,
    int targetDim,
    int components,
    Architecture architecture,
    boolean energy,
    ProposalMode proposal,
    TargetScaling targets,
    InputScaling inputs) {

  public ModelSpec {
    inputShape = inputShape.clone();
    targets = targets == null ? TargetScaling.identity(targetDim) : targets;
    if (targets.shift().length != targetDim) {
      throw new IllegalArgumentException("target scaling has " + targets.shift().length
          + " dimensions, D is " + targetDim);
    }
    if (inputs != null && (inputShape.length != 1 || inputs.shift().length != inputShape[0])) {
      throw new IllegalArgumentException("input scaling needs vector inputs with one value per feature");
    }
    if (targetDim < 1) {
      throw new IllegalArgumentException("D must be >= 1, got " + targetDim);
    }
    if (components < 1) {
      throw new IllegalArgumentException("K must be >= 1, got " + components);
    }
    if (!energy && proposal != ProposalMode.SEPARATE) {
      throw new IllegalArgumentException("a model without an EBM needs a SEPARATE proposal");
    }
  }

  /** The same model working on targets changed by {@code scaling}. */
  public ModelSpec withTargets(TargetScaling scaling) {
    return new ModelSpec(inputShape, targetDim, components, architecture, energy, proposal, scaling, inputs);
  }

  /** The same model standardising its vector inputs with {@code scaling} (null: none). */
  public ModelSpec withInputs(InputScaling scaling) {
    return new ModelSpec(inputShape, targetDim, components, architecture, energy, proposal, targets, scaling);
  }

  /** Whether the model has an MDN proposal. */
  public boolean hasProposal() {
    return proposal != ProposalMode.NONE;
  }

  /** Number of floats in one input. */
  public int inputSize() {
    return (int) Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec s
        && Arrays.equals(inputShape, s.inputShape)
        && targetDim == s.targetDim
        && components == s.components
        && architecture.equals(s.architecture)
        && energy == s.energy
        && proposal == s.proposal
        && targets.equals(s.targets)
        && java.util.Objects.equals(inputs, s.inputs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(inputShape) * 31 + targetDim * 7 + components;
  }

  @Override
  public String toString() {
    return "ModelSpec[x=" + Arrays.toString(inputShape) + ", D=" + targetDim + ", K=" + components
        + ", " + architecture + ", energy=" + energy + ", proposal=" + proposal
        + (targets.isIdentity() ? "" : ", " + targets) + (inputs == null ? "" : ", " + inputs) + "]";
  }
}
