package io.ebmperception.stream.inference;

/**
 * Draws samples from the MDN's K-component diagonal Gaussian mixture and evaluates its
 * {@code log q}, for one input of a {@link ProposalParameters} batch, in plain Java. The rule is
 * the trainer's: component = first k with {@code u < Σ_{j≤k} π_j}, then {@code y = μ_k + σ_k ε}.
 */
public final class MixtureSampler {
  private static final double LOG_TWO_PI = Math.log(2 * Math.PI);
  private final int components;
  private final int targetDim;

  public MixtureSampler(int components, int targetDim) {
    this.components = components;
    this.targetDim = targetDim;
  }

  /**
   * Writes M samples of input {@code b} into {@code out} at {@code offset}.
   *
   * @param uniforms {@code [M]} in [0, 1)
   * @param normals  {@code [M * D]} standard normal
   */
  public void sample(ProposalParameters q, int b, float[] uniforms, float[] normals, float[] out,
      int offset) {
    int k = components;
    int d = targetDim;
    double[] cdf = new double[k];
    double acc = 0;
    for (int c = 0; c < k; c++) {
      acc += Math.exp(q.logWeights()[b * k + c]);
      cdf[c] = acc;
    }
    for (int m = 0; m < uniforms.length; m++) {
      int c = 0;
      while (c < k - 1 && uniforms[m] >= cdf[c]) {
        c++;
      }
      int base = (b * k + c) * d;
      for (int j = 0; j < d; j++) {
        float sigma = (float) Math.exp(0.5 * q.logVariances()[base + j]);
        out[offset + m * d + j] = q.means()[base + j] + sigma * normals[m * d + j];
      }
    }
  }

  /** {@code log q(y_m)} of input {@code b} for M samples stored at {@code offset}, by logsumexp over components. */
  public void logDensity(ProposalParameters q, int b, float[] samples, int offset, int m, double[] out) {
    int k = components;
    int d = targetDim;
    double[] perComponent = new double[k];
    for (int s = 0; s < m; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        int base = (b * k + c) * d;
        double lp = q.logWeights()[b * k + c];
        for (int j = 0; j < d; j++) {
          double logVar = q.logVariances()[base + j];
          double z = samples[offset + s * d + j] - q.means()[base + j];
          lp -= 0.5 * (z * z * Math.exp(-logVar) + logVar + LOG_TWO_PI);
        }
        perComponent[c] = lp;
        max = Math.max(max, lp);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(perComponent[c] - max);
      }
      out[s] = max + Math.log(sum);
    }
  }
}
