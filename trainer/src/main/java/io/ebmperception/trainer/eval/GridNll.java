package io.ebmperception.trainer.eval;

import ai.djl.ndarray.NDArray;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.LogSumExp;
import io.ebmperception.trainer.model.ProbabilisticRegressor;

/**
 * The approximate NLL of an EBM on test data: {@code log Z(x_i) ≈ logsumexp_grid f + log(cell
 * volume)} and {@code NLL = mean_i (log Z(x_i) - f(x_i, y_i))}, for grids of any dimension.
 */
public final class GridNll {
  private GridNll() {}

  /** The mean NLL of {@code data} under the model's EBM, normalised on {@code grid}. */
  public static double of(ProbabilisticRegressor model, RegressionDataset data, TargetGrid grid,
      EnergyEvaluator evaluator) {
    if (grid.dims() != data.targetDim()) {
      throw new IllegalArgumentException(
          "grid has " + grid.dims() + " dimensions, the data D = " + data.targetDim());
    }
    float[] logZ = new float[data.size()];
    evaluator.energiesOnPoints(data.inputs(), data.inputShape(), grid.points(),
        (first, energies) -> {
          NDArray z = LogSumExp.of(energies, 1);
          float[] values = z.toFloatArray();
          System.arraycopy(values, 0, logZ, first, values.length);
        });
    float[] f = evaluator.pairedEnergies(data.inputs(), data.inputShape(), data.targets());
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      sum += logZ[i] + grid.logCellVolume() - f[i];
    }
    return sum / f.length;
  }
}
