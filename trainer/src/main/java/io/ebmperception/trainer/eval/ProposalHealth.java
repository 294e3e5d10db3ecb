package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a model's MDN proposal covers its own EBM, the quantity test-time importance sampling
 * lives on: the mean and the 10th percentile of ESS / M over evaluation inputs, and, for D = 1,
 * KL(p_EBM ‖ q) with both densities on the task's y grid. A proposal that misses a mode of the EBM
 * shows a low ESS / M at those inputs long before the mean NLL notices.
 */
public final class ProposalHealth {
  /** Metric name: mean ESS / M of the proposal against the EBM. */
  public static final String ESS_FRACTION = "proposal_ess_fraction";
  /** Metric name: 10th percentile over inputs of ESS / M. */
  public static final String ESS_FRACTION_P10 = "proposal_ess_fraction_p10";
  /** Metric name: mean over inputs of KL(p_EBM ‖ q) on the grid (D = 1 only). */
  public static final String KL_EBM_PROPOSAL = "kl_ebm_proposal";
  /** Samples per input for the ESS, the paper's test-time M. */
  public static final int SAMPLES = SamplingDefaults.SAMPLES;
  /** At most this many inputs are used (the first ones). */
  static final int MAX_INPUTS = 1000;

  private ProposalHealth() {}

  /** The health metrics of {@code model} (which must have an EBM and a proposal) on {@code data}. */
  public static Map<String, Double> of(ProbabilisticRegressor model, RegressionDataset data,
      TargetGrid grid, EnergyEvaluator evaluator) {
    int n = Math.min(MAX_INPUTS, data.size());
    float[] inputs = Arrays.copyOf(data.inputs(), n * model.spec().inputSize());
    float[] ess = evaluator.essFractions(inputs, data.inputShape(), SAMPLES);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(ESS_FRACTION, mean(ess));
    float[] sorted = ess.clone();
    Arrays.sort(sorted);
    metrics.put(ESS_FRACTION_P10, (double) sorted[(int) Math.floor(0.1 * (n - 1))]);
    if (grid.dims() == 1) {
      metrics.put(KL_EBM_PROPOSAL, klOnGrid(inputs, data.inputShape(), grid, evaluator));
    }
    return metrics;
  }

  /** Mean over inputs of Σ_j p_j (log p(y_j) − log q(y_j)) with p normalised on the grid. */
  static double klOnGrid(float[] inputs, long[] inputShape, TargetGrid grid, EnergyEvaluator evaluator) {
    int s = grid.size();
    int n = inputs.length / (int) Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    float[] f = new float[n * s];
    float[] logq = new float[n * s];
    evaluator.energiesOnPoints(inputs, inputShape, grid.points(),
        (first, chunk) -> System.arraycopy(chunk.toFloatArray(), 0, f, first * s, (int) chunk.size()));
    evaluator.logProposalOnPoints(inputs, inputShape, grid.points(),
        (first, chunk) -> System.arraycopy(chunk.toFloatArray(), 0, logq, first * s, (int) chunk.size()));
    double logCell = grid.logCellVolume();
    double total = 0;
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < s; j++) {
        max = Math.max(max, f[i * s + j]);
      }
      double sum = 0;
      for (int j = 0; j < s; j++) {
        sum += Math.exp(f[i * s + j] - max);
      }
      double logZ = max + Math.log(sum) + logCell; // log ∫ exp f dy
      double kl = 0;
      for (int j = 0; j < s; j++) {
        double logP = f[i * s + j] - logZ;
        kl += Math.exp(logP + logCell) * (logP - logq[i * s + j]);
      }
      total += kl;
    }
    return total / n;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
