package io.ebmperception.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ebmperception.trainer.model.LogSumExp;
import io.ebmperception.trainer.model.Scalars;

/**
 * The NCE baseline's hand-tuned noise: {@code q(y) = (1/K) Σ_k N(y; y_i, σ_k² I)}, centred on the
 * true target, so it exists only during training. The paper uses K = 2 with σ_2 = 8 σ_1 for the
 * 1-D problems.
 */
public final class FixedGaussianNoise {
  private static final double LOG_TWO_PI = Math.log(2 * Math.PI);
  private final float[] sigmas;
  private final float[] scales;

  /** Noise with one equally weighted isotropic component per standard deviation. */
  public FixedGaussianNoise(float... sigmas) {
    this(sigmas, null);
  }

  /**
   * Noise whose component k has standard deviation {@code σ_k · scale_d} in target dimension d,
   * for targets whose dimensions have different units (degrees and metres, say).
   *
   * @param scales one positive value per target dimension, or null for 1 everywhere
   */
  public FixedGaussianNoise(float[] sigmas, float[] scales) {
    if (scales != null) {
      for (float s : scales) {
        if (!(s > 0) || !Float.isFinite(s)) {
          throw new IllegalArgumentException("noise scales must be > 0, got " + s);
        }
      }
    }
    this.scales = scales == null ? null : scales.clone();
    if (sigmas.length == 0) {
      throw new IllegalArgumentException("at least one noise standard deviation is needed");
    }
    for (float s : sigmas) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new IllegalArgumentException("noise standard deviations must be > 0, got " + s);
      }
    }
    this.sigmas = sigmas.clone();
  }

  /** The standard deviations σ_k. */
  public float[] sigmas() {
    return sigmas.clone();
  }

  /**
   * Draws M candidates per target: a component uniformly, then {@code y_i + σ_k ε}.
   *
   * @param targets {@code [N, D]}
   * @return {@code [N, M, D]}, no gradient
   */
  public NDArray sample(NDManager manager, NDArray targets, int samples) {
    long n = targets.getShape().get(0);
    long d = targets.getShape().get(1);
    NDArray component = manager.randomInteger(0, sigmas.length, new Shape(n, samples), DataType.INT64);
    NDArray scale = manager.create(sigmas).take(component).expandDims(2); // [N, M, 1]
    NDArray eps = manager.randomNormal(new Shape(n, samples, d));
    if (scales != null) {
      eps = eps.mul(manager.create(checkedScales(d)));
    }
    return targets.expandDims(1).add(eps.mul(scale)).stopGradient();
  }

  /**
   * log q of candidates given the targets they were drawn around.
   *
   * @param targets    {@code [N, D]}
   * @param candidates {@code [N, S, D]}
   * @return {@code [N, S]}
   */
  public NDArray logDensity(NDArray targets, NDArray candidates) {
    long d = targets.getShape().get(1);
    NDArray offsets = candidates.sub(targets.expandDims(1));
    double logScales = 0;
    if (scales != null) {
      float[] sc = checkedScales(d);
      offsets = offsets.div(targets.getManager().create(sc));
      for (float v : sc) {
        logScales += Math.log(v);
      }
    }
    NDArray sq = offsets.square().sum(new int[] {2}); // [N, S], in units of the scales
    NDArray[] perComponent = new NDArray[sigmas.length];
    for (int k = 0; k < sigmas.length; k++) {
      double var = (double) sigmas[k] * sigmas[k];
      double norm = -0.5 * d * (LOG_TWO_PI + Math.log(var)) - logScales - Math.log(sigmas.length);
      perComponent[k] = Scalars.add(Scalars.mul(sq, (float) (-0.5 / var)), (float) norm).expandDims(2);
    }
    NDArray stacked = perComponent[0];
    for (int k = 1; k < sigmas.length; k++) {
      stacked = stacked.concat(perComponent[k], 2);
    }
    return LogSumExp.of(stacked, 2).stopGradient();
  }

  private float[] checkedScales(long targetDim) {
    if (scales.length != targetDim) {
      throw new IllegalArgumentException("noise has " + scales.length + " scales, targets have D = " + targetDim);
    }
    return scales;
  }
}
