package io.ebmperception.schemas.sampling;

import java.util.List;

/**
 * Turns the log weights {@code log w̃_m = f(x, y_m) - log q(y_m|x)} of one input's M samples into
 * a {@link SnisEstimate}: normalised weights, mean, covariance, ESS, log Z, resampled hypotheses and,
 * when asked, the modes ({@link ModeSearch}). Plain Java, shared by the trainer and the stream app
 * so both summarise weights identically.
 */
public final class ImportanceWeights {
  private ImportanceWeights() {}

  /**
   * @param logWeights {@code [M]} unnormalised log weights
   * @param samples    {@code [M * D]} the samples they belong to
   * @param targetDim  D
   * @param resampling {@code [R]} uniforms in [0, 1), one per hypothesis
   */
  public static SnisEstimate summarise(float[] logWeights, float[] samples, int targetDim,
      float[] resampling) {
    return summarise(logWeights, samples, targetDim, resampling, ModeSearch.OFF);
  }

  /**
   * As {@link #summarise(float[], float[], int, float[])}, with the modes {@code modes} finds
   * (by mean shift; {@link ModeSearch.Method#COMPONENTS} needs the components, see the overload).
   */
  public static SnisEstimate summarise(float[] logWeights, float[] samples, int targetDim,
      float[] resampling, ModeSearch modes) {
    return summarise(logWeights, samples, targetDim, resampling, modes, null);
  }

  /**
   * As above, with {@code components[m]} the proposal component that drew sample m (needed by
   * {@link ModeSearch.Method#COMPONENTS}, ignored otherwise; may be null).
   */
  public static SnisEstimate summarise(float[] logWeights, float[] samples, int targetDim,
      float[] resampling, ModeSearch modes, int[] components) {
    int m = logWeights.length;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logWeights) {
      max = Math.max(max, v);
    }
    double[] w = new double[m];
    double sum = 0;
    for (int i = 0; i < m; i++) {
      w[i] = Math.exp(logWeights[i] - max);
      sum += w[i];
    }
    double sumSquares = 0;
    for (int i = 0; i < m; i++) {
      w[i] /= sum;
      sumSquares += w[i] * w[i];
    }
    double logZ = max + Math.log(sum) - Math.log(m);
    int d = targetDim;
    double[] mean = new double[d];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < d; k++) {
        mean[k] += w[i] * samples[i * d + k];
      }
    }
    double[] cov = new double[d * d];
    for (int i = 0; i < m; i++) {
      for (int a = 0; a < d; a++) {
        double da = samples[i * d + a] - mean[a];
        for (int b = 0; b < d; b++) {
          cov[a * d + b] += w[i] * da * (samples[i * d + b] - mean[b]);
        }
      }
    }
    List<ModeEstimate> found = List.of();
    if (modes.enabled() && modes.method() == ModeSearch.Method.COMPONENTS) {
      if (components == null) {
        throw new IllegalArgumentException("mode search by components needs the component of every sample");
      }
      found = ComponentModes.find(modes, w, samples, d, components);
    } else if (modes.enabled()) {
      double[] sigma = new double[d];
      for (int k = 0; k < d; k++) {
        sigma[k] = Math.sqrt(Math.max(0, cov[k * d + k]));
      }
      found = WeightedMeanShift.find(modes, w, samples, d, sigma, 1.0 / sumSquares);
    }
    return new SnisEstimate(toFloats(mean), toFloats(cov), 1.0 / sumSquares, logZ,
        resample(w, samples, d, resampling), found, CentralIntervals.of(w, samples, d));
  }

  /**
   * The SNIS log Z(x) and ESS of one input's unnormalised log weights, without the rest of the
   * summary: what the trust verdict judges, on the trained energy's weights {@code f − log q} even
   * when the prediction itself is made at a temperature ({@link TemperatureScaling}).
   */
  public static Signals signals(float[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logWeights) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double sumSquares = 0;
    for (float v : logWeights) {
      double w = Math.exp(v - max);
      sum += w;
      sumSquares += w * w;
    }
    return new Signals(max + Math.log(sum) - Math.log(logWeights.length), sum * sum / sumSquares);
  }

  /**
   * @param logPartition        log Z(x) ≈ logsumexp_m log w̃_m − log M
   * @param effectiveSampleSize (Σ w̃)² / Σ w̃², between 1 and M
   */
  public record Signals(double logPartition, double effectiveSampleSize) {}

  /** Multinomial resampling by inverse CDF: hypothesis r takes the first m with u_r < Σ_{j≤m} w_j. */
  static float[] resample(double[] w, float[] samples, int d, float[] uniforms) {
    double[] cdf = new double[w.length];
    double acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i];
      cdf[i] = acc;
    }
    float[] out = new float[uniforms.length * d];
    for (int r = 0; r < uniforms.length; r++) {
      int idx = java.util.Arrays.binarySearch(cdf, uniforms[r]);
      idx = idx >= 0 ? idx + 1 : -idx - 1;
      idx = Math.min(idx, w.length - 1);
      System.arraycopy(samples, idx * d, out, r * d, d);
    }
    return out;
  }

  private static float[] toFloats(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
