package io.ebmperception.trainer.loss;

import ai.djl.ndarray.NDArray;
import io.ebmperception.trainer.model.Scalars;

/**
 * The stand-alone MDN trained with the EBM as teacher (section 3.3): half the KL estimate of
 * {@link ProposalKlLoss} and half the MDN's own NLL,
 * {@code J_MDN = mean_i [ ½ (logsumexp_m (f - log q) - log M) - ½ log q(y_i|x_i) ]}.
 * The teacher's energies are constants (gradient stopped), so this loss trains φ only.
 */
public final class TeacherMdnLoss {
  private final ProposalKlLoss kl = new ProposalKlLoss();

  /**
   * @param sampleEnergies       {@code [N, M]} the teacher's f of the MDN's samples
   * @param logProposalDensities {@code [N, M]} log q of the samples
   * @param logTrueDensities     {@code [N]} log q(y_i|x_i)
   * @return scalar loss
   */
  public NDArray compute(
      NDArray sampleEnergies, NDArray logProposalDensities, NDArray logTrueDensities) {
    NDArray klTerm = kl.compute(sampleEnergies, logProposalDensities);
    return Scalars.mul(klTerm.sub(logTrueDensities.mean()), 0.5f);
  }
}
