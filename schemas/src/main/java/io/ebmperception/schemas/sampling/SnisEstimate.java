package io.ebmperception.schemas.sampling;

/**
 * The EBM's prediction for one input by self-normalised importance sampling with the MDN as
 * proposal (section 3.2.2 of the paper).
 *
 * @param mean                {@code [D]} Σ w_m y_m
 * @param covariance          {@code [D * D]} row-major Σ w_m (y_m - ŷ)(y_m - ŷ)ᵀ
 * @param effectiveSampleSize 1 / Σ w_m², between 1 and M
 * @param logPartition        log Z(x) ≈ logsumexp_m log w̃_m - log M
 * @param hypotheses          {@code [R * D]} samples resampled with probabilities w
 * @param modes               the modes of p(y|x) among the weighted samples, heaviest first (empty
 *                            when mode search is off)
 * @param intervals           {@code [L * 2 * D]} central intervals at {@link CentralIntervals#LEVELS}
 */
public record SnisEstimate(float[] mean, float[] covariance, double effectiveSampleSize,
    double logPartition, float[] hypotheses, java.util.List<ModeEstimate> modes, float[] intervals) {

  public SnisEstimate {
    modes = java.util.List.copyOf(modes);
  }
}
