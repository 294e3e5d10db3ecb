package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;

/**
 * A fixed per-dimension affine change of the target's units inside the networks: the y-branch of
 * the EBM reads {@code (y − shift) / scale} and the MDN's means and log variances are mapped back,
 * {@code μ = shift + scale · μ'} and {@code log σ² = log σ'² + 2 log scale}. The densities p(y|x)
 * and q(y|x) stay densities of y in the data's own units (so NLLs are comparable across models),
 * but the networks work on numbers of order one. Targets in degrees (±70) otherwise start an MDN
 * that predicts σ ≈ 1 tens of σ away, and short CPU trainings then settle on the marginal of y.
 *
 * @param shift subtracted from y (the training targets' mean)
 * @param scale y is divided by it (the training targets' standard deviation)
 */
public record TargetScaling(float[] shift, float[] scale) {
  public TargetScaling {
    shift = shift.clone();
    scale = scale.clone();
    if (shift.length != scale.length || shift.length == 0) {
      throw new IllegalArgumentException("shift and scale need one value per target dimension");
    }
    for (float s : scale) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new IllegalArgumentException("scales must be positive and finite, got " + Arrays.toString(scale));
      }
    }
  }

  /** No change of units. */
  public static TargetScaling identity(int targetDim) {
    float[] ones = new float[targetDim];
    Arrays.fill(ones, 1f);
    return new TargetScaling(new float[targetDim], ones);
  }

  /** Standardisation of {@code targets} ({@code [N·D]} row-major): their mean and standard deviation. */
  public static TargetScaling standardising(float[] targets, int targetDim) {
    int n = targets.length / targetDim;
    float[] mean = new float[targetDim];
    float[] std = new float[targetDim];
    for (int k = 0; k < targetDim; k++) {
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double v = targets[i * targetDim + k];
        sum += v;
        sq += v * v;
      }
      double m = sum / n;
      mean[k] = (float) m;
      std[k] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq / n - m * m)));
    }
    return new TargetScaling(mean, std);
  }

  /** Whether this changes nothing. */
  @JsonIgnore
  public boolean isIdentity() {
    for (int k = 0; k < shift.length; k++) {
      if (shift[k] != 0f || scale[k] != 1f) {
        return false;
      }
    }
    return true;
  }

  /** {@code (y − shift) / scale} for y of shape {@code [..., D]}. */
  public NDArray normalise(NDArray y) {
    if (isIdentity()) {
      return y;
    }
    return y.sub(y.getManager().create(shift)).div(y.getManager().create(scale));
  }

  /** {@code shift + scale · m} for means of shape {@code [..., D]}. */
  public NDArray denormaliseMeans(NDArray m) {
    if (isIdentity()) {
      return m;
    }
    return m.mul(m.getManager().create(scale)).add(m.getManager().create(shift));
  }

  /** {@code v + 2 log scale} for log variances of shape {@code [..., D]}. */
  public NDArray denormaliseLogVariances(NDArray v) {
    return isIdentity() ? v : v.add(v.getManager().create(logVarianceOffset()));
  }

  /** {@code 2 log scale} per dimension. */
  public float[] logVarianceOffset() {
    float[] out = new float[scale.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) (2 * Math.log(scale[k]));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetScaling t && Arrays.equals(shift, t.shift) && Arrays.equals(scale, t.scale);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shift) * 31 + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "TargetScaling[shift=" + Arrays.toString(shift) + ", scale=" + Arrays.toString(scale) + "]";
  }
}
