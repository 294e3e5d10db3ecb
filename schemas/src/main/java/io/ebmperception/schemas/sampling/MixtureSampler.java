package io.ebmperception.schemas.sampling;

/**
 * Draws samples from the MDN's K-component diagonal Gaussian mixture and evaluates its
 * {@code log q}, for one input of a {@link ProposalParameters} batch, in plain Java: the one
 * test-time implementation, used by the app's sampler and the trainer's predictor alike. The rule:
 * component = first k with {@code u < Σ_{j≤k} π_j}, then {@code y = μ_k + σ_k ε}. (Training draws
 * its samples on the engine's tensors, {@code MixtureParameters.sample}, by the same rule;
 * {@code MixtureParametersAgreementTest} in the trainer holds the two to it.)
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
    sample(q, b, uniforms, normals, out, offset, null);
  }

  /** As above, also writing the component each sample was drawn from into {@code drawnFrom} (if not null). */
  public void sample(ProposalParameters q, int b, float[] uniforms, float[] normals, float[] out,
      int offset, int[] drawnFrom) {
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
      if (drawnFrom != null) {
        drawnFrom[m] = c;
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
    // Per component once: log π_k - ½ Σ_j (log σ²_kj + log 2π), and 1 / σ²_kj.
    double[] constant = new double[k];
    double[] precision = new double[k * d];
    for (int c = 0; c < k; c++) {
      int base = (b * k + c) * d;
      double lp = q.logWeights()[b * k + c];
      for (int j = 0; j < d; j++) {
        double logVar = q.logVariances()[base + j];
        lp -= 0.5 * (logVar + LOG_TWO_PI);
        precision[c * d + j] = Math.exp(-logVar);
      }
      constant[c] = lp;
    }
    double[] perComponent = new double[k];
    for (int s = 0; s < m; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        int base = (b * k + c) * d;
        double quadratic = 0;
        for (int j = 0; j < d; j++) {
          double z = samples[offset + s * d + j] - q.means()[base + j];
          quadratic += z * z * precision[c * d + j];
        }
        double lp = constant[c] - 0.5 * quadratic;
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
