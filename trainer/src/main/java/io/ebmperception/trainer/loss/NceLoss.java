package io.ebmperception.trainer.loss;

import ai.djl.ndarray.NDArray;
import io.ebmperception.trainer.model.LogSumExp;

/**
 * Noise-contrastive estimation for the EBM (θ): which of the M+1 candidates is the true target.
 *
 * <p>{@code J_NCE = -mean_i [ s_0 - logsumexp_{m=0..M} s_m ]} with
 * {@code s_m = f(x_i, y_i^(m)) - log q(y_i^(m)|x_i)}, candidate 0 the true y_i. The noise density
 * is a constant here: its gradient is stopped inside this loss, so no caller can forget it.
 */
public final class NceLoss {
  /**
   * @param energies          {@code [N, M+1]}, candidate 0 the ground truth
   * @param logNoiseDensities {@code [N, M+1]}, log q of the same candidates
   * @return scalar loss
   */
  public NDArray compute(NDArray energies, NDArray logNoiseDensities) {
    NDArray scores = energies.sub(logNoiseDensities.stopGradient());
    NDArray truth = scores.get(":, 0");
    return LogSumExp.of(scores, 1).sub(truth).mean();
  }
}
