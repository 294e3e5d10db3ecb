package io.ebmperception.trainer.loss;

import ai.djl.ndarray.NDArray;
import io.ebmperception.trainer.model.LogSumExp;
import io.ebmperception.trainer.model.Scalars;

/**
 * The paper's Result 1: an estimate of KL(p_θ ‖ q_φ) up to a constant whose gradient in φ
 * approximates ∇_φ KL, with samples y^(m) ~ q.
 *
 * <p>{@code J_KL = mean_i [ logsumexp_m (f(x_i, y^(m)) - log q(y^(m)|x_i)) - log M ]}. The energies
 * are a constant here (gradient stopped inside), so J_KL trains the proposal φ only.
 */
public final class ProposalKlLoss {
  /**
   * @param sampleEnergies      {@code [N, M]} f of the proposal's samples
   * @param logProposalDensities {@code [N, M]} log q of the same samples, with gradient in φ
   * @return scalar loss
   */
  public NDArray compute(NDArray sampleEnergies, NDArray logProposalDensities) {
    long m = sampleEnergies.getShape().get(1);
    NDArray logWeights = sampleEnergies.stopGradient().sub(logProposalDensities);
    return Scalars.sub(LogSumExp.of(logWeights, 1), (float) Math.log(m)).mean();
  }
}
