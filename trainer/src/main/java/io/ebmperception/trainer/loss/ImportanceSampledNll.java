package io.ebmperception.trainer.loss;

import ai.djl.ndarray.NDArray;
import io.ebmperception.trainer.model.LogSumExp;
import io.ebmperception.trainer.model.Scalars;

/**
 * Maximum likelihood with log Z estimated by importance sampling (the objective of "Energy-Based
 * Models for Deep Probabilistic Regression"); with a learned proposal it is the paper's unified
 * objective J(θ, φ).
 *
 * <p>{@code J = mean_i [ logsumexp_m (f(x_i, y^(m)) - log q(y^(m)|x_i)) - log M - f(x_i, y_i) ]}.
 * θ gets gradient through both energy terms; φ through log q in the first term (its gradient
 * there equals that of J_KL). With a fixed noise distribution log q carries no gradient anyway.
 */
public final class ImportanceSampledNll {
  /**
   * @param sampleEnergies       {@code [N, M]}
   * @param logProposalDensities {@code [N, M]}
   * @param trueEnergies         {@code [N]} f(x_i, y_i)
   * @return scalar loss
   */
  public NDArray compute(NDArray sampleEnergies, NDArray logProposalDensities, NDArray trueEnergies) {
    long m = sampleEnergies.getShape().get(1);
    NDArray logZ = Scalars.sub(
        LogSumExp.of(sampleEnergies.sub(logProposalDensities), 1), (float) Math.log(m));
    return logZ.sub(trueEnergies).mean();
  }
}
