package io.ebmperception.trainer.eval;

import ai.djl.ndarray.NDArray;
import io.ebmperception.trainer.data.Gustafsson2020;
import io.ebmperception.trainer.model.LogSumExp;

/**
 * KL(p_true ‖ p_EBM) on dataset 1, with the reference code's protocol: x on 2048 evenly spaced
 * points of [-3, 3], y on 2048 evenly spaced points of [-3, 3]; at each x both densities are
 * normalised to sum to 1 over the y grid (true density floored at 1e-30); the score is the mean
 * over x of {@code Σ_y p_true log(p_true / p_model)}.
 */
public final class ToyKl {
  /** Points per axis in the reference protocol. */
  public static final int REFERENCE_POINTS = 2048;

  private ToyKl() {}

  /** The KL with the reference protocol. */
  public static double of(EnergyEvaluator evaluator) {
    return of(evaluator, REFERENCE_POINTS);
  }

  /** The KL with {@code points} values per axis (fewer for quick tests). */
  public static double of(EnergyEvaluator evaluator, int points) {
    float[] xs = TargetGrid.of1d(-3f, 3f, points).points();
    float[] ys = xs;
    double[][] truth = trueDistributions(xs, ys);
    double[] total = new double[1];
    evaluator.energiesOnPoints(xs, new long[] {1}, ys, (first, energies) -> {
      NDArray logModel = energies.sub(LogSumExp.of(energies, 1).expandDims(1));
      float[] lm = logModel.toFloatArray();
      int rows = (int) energies.getShape().get(0);
      for (int r = 0; r < rows; r++) {
        double[] p = truth[first + r];
        double kl = 0;
        for (int j = 0; j < points; j++) {
          kl += p[j] * (Math.log(p[j]) - lm[r * points + j]);
        }
        total[0] += kl;
      }
    });
    return total[0] / points;
  }

  private static double[][] trueDistributions(float[] xs, float[] ys) {
    double[][] out = new double[xs.length][ys.length];
    for (int i = 0; i < xs.length; i++) {
      double sum = 0;
      for (int j = 0; j < ys.length; j++) {
        out[i][j] = Math.max(Gustafsson2020.density(xs[i], ys[j]), 1e-30);
        sum += out[i][j];
      }
      for (int j = 0; j < ys.length; j++) {
        out[i][j] /= sum;
      }
    }
    return out;
  }
}
