package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * Numerically stable {@code log Σ exp(a)} along one axis: the maximum is subtracted before
 * exponentiating (and held constant for the gradient, which does not change its value).
 */
public final class LogSumExp {
  private LogSumExp() {}

  /**
   * Reduces {@code values} along {@code axis}, removing that axis.
   *
   * @param values any shape
   * @param axis   the axis to reduce (negative counts from the end)
   */
  public static NDArray of(NDArray values, int axis) {
    int[] axes = {axis};
    NDArray max = values.max(axes, true).stopGradient();
    return values.sub(max).exp().sum(axes, true).log().add(max).squeeze(axis);
  }
}
