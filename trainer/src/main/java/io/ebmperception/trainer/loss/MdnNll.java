package io.ebmperception.trainer.loss;

import ai.djl.ndarray.NDArray;

/** The mixture density network baseline: {@code J = -mean_i log q(y_i|x_i)}. */
public final class MdnNll {
  /**
   * @param logTrueDensities {@code [N]} log q(y_i|x_i)
   * @return scalar loss
   */
  public NDArray compute(NDArray logTrueDensities) {
    return logTrueDensities.mean().neg();
  }
}
