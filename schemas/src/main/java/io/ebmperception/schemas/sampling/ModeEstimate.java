package io.ebmperception.schemas.sampling;

/**
 * One mode of p(y|x) found among the importance-weighted samples: the samples of its basin, their
 * share of the weight, and their weighted moments. A fork in the road gives two modes ("left
 * branch, 0.55, ±1°; right branch, 0.45, ±1°") where the overall mean sits between them.
 *
 * @param weight     probability mass of the mode, Σ w_m over its samples (modes of one prediction
 *                   sum to at most 1)
 * @param mean       {@code [D]} weighted mean of its samples
 * @param covariance {@code [D * D]} row-major weighted covariance of its samples
 */
public record ModeEstimate(double weight, float[] mean, float[] covariance) {

  /** Standard deviation of dimension {@code k}. */
  public double sigma(int k) {
    return Math.sqrt(Math.max(0, covariance[k * mean.length + k]));
  }
}
