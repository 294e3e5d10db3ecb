package io.ebmperception.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.model.LogSumExp;
import io.ebmperception.trainer.model.MixtureParameters;
import io.ebmperception.trainer.model.ProbabilisticRegressor;

/**
 * Evaluates a trained model's energies f(x, y) and proposal densities without gradients, in
 * chunks of inputs so that inputs × grid points never exceed a memory budget.
 */
public final class EnergyEvaluator {
  private static final long MAX_ROWS_PER_CHUNK = 1L << 21;
  private final ProbabilisticRegressor model;
  private final NDManager manager;
  private final ParameterStore store;

  public EnergyEvaluator(ProbabilisticRegressor model, NDManager manager) {
    this.model = model;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
  }

  /** Receives the energies of one chunk of inputs. */
  @FunctionalInterface
  public interface ChunkConsumer {
    /**
     * @param first    index of the chunk's first input
     * @param energies {@code [n, S]} energies of the shared points for the chunk's inputs
     */
    void accept(int first, NDArray energies);
  }

  /**
   * Energies of the same S points (e.g. a grid) for every input, delivered chunk by chunk.
   *
   * @param inputs     {@code [N * inputSize]} row-major
   * @param inputShape shape of one input
   * @param points     {@code [S * D]} row-major
   */
  public void energiesOnPoints(float[] inputs, long[] inputShape, float[] points,
      ChunkConsumer consumer) {
    onPoints(inputs, inputShape, points, consumer,
        (x, grid) -> model.energy(store, model.energyFeatures(store, x, false), grid, false));
  }

  /**
   * log q(y|x) of the model's MDN at the same S points for every input, chunk by chunk, like
   * {@link #energiesOnPoints}.
   */
  public void logProposalOnPoints(float[] inputs, long[] inputShape, float[] points,
      ChunkConsumer consumer) {
    onPoints(inputs, inputShape, points, consumer,
        (x, grid) -> model.proposalParameters(store, x, null, false).logDensity(grid));
  }

  /** Evaluates {@code function(x [n, ...], grid [n, S, D]) → [n, S]} in chunks of inputs. */
  private void onPoints(float[] inputs, long[] inputShape, float[] points, ChunkConsumer consumer,
      java.util.function.BiFunction<NDArray, NDArray, NDArray> function) {
    int d = model.spec().targetDim();
    int s = points.length / d;
    int inputSize = model.spec().inputSize();
    int n = inputs.length / inputSize;
    int chunk = (int) Math.max(1, Math.min(n, MAX_ROWS_PER_CHUNK / s));
    for (int first = 0; first < n; first += chunk) {
      int rows = Math.min(chunk, n - first);
      try (NDManager local = manager.newSubManager()) {
        float[] xs = java.util.Arrays.copyOfRange(inputs, first * inputSize, (first + rows) * inputSize);
        NDArray x = local.create(xs, batchShape(rows, inputShape));
        NDArray grid = local.create(points, new Shape(1, s, d)).broadcast(rows, s, d);
        consumer.accept(first, function.apply(x, grid));
      }
    }
  }

  /** f(x_i, y_i) for paired inputs and targets: {@code [N]}. */
  public float[] pairedEnergies(float[] inputs, long[] inputShape, float[] targets) {
    int d = model.spec().targetDim();
    int n = targets.length / d;
    try (NDManager local = manager.newSubManager()) {
      NDArray x = local.create(inputs, batchShape(n, inputShape));
      NDArray y = local.create(targets, new Shape(n, 1, d));
      return model.energy(store, model.energyFeatures(store, x, false), y, false).toFloatArray();
    }
  }

  /** log q(y_i|x_i) of the model's MDN for paired inputs and targets: {@code [N]}. */
  public float[] pairedLogProposal(float[] inputs, long[] inputShape, float[] targets) {
    int d = model.spec().targetDim();
    int n = targets.length / d;
    try (NDManager local = manager.newSubManager()) {
      NDArray x = local.create(inputs, batchShape(n, inputShape));
      NDArray y = local.create(targets, new Shape(n, 1, d));
      return model.proposalParameters(store, x, null, false).logDensity(y).toFloatArray();
    }
  }

  /**
   * The importance-sampling efficiency of the model's proposal against its EBM at each input:
   * {@code ESS / M} with {@code ESS = (Σ w)² / Σ w²}, {@code w = exp f / q} over M samples drawn
   * from q (the engine's seeded random stream). 1 means q equals the EBM's p; near 0 means a few
   * samples carry all the weight.
   *
   * @param inputs {@code [N * inputSize]} row-major
   * @return {@code [N]} values in (0, 1]
   */
  public float[] essFractions(float[] inputs, long[] inputShape, int samples) {
    int inputSize = model.spec().inputSize();
    int n = inputs.length / inputSize;
    int chunk = (int) Math.max(1, Math.min(n, MAX_ROWS_PER_CHUNK / 8 / samples));
    float[] out = new float[n];
    for (int first = 0; first < n; first += chunk) {
      int rows = Math.min(chunk, n - first);
      try (NDManager local = manager.newSubManager()) {
        NDArray x = local.create(java.util.Arrays.copyOfRange(inputs, first * inputSize,
            (first + rows) * inputSize), batchShape(rows, inputShape));
        NDArray features = model.energyFeatures(store, x, false);
        MixtureParameters q = model.proposalParameters(store, x, features, false);
        NDArray draws = q.sample(local, samples);
        NDArray logW = model.energy(store, features, draws, false).sub(q.logDensity(draws));
        NDArray logEss = LogSumExp.of(logW, 1).mul(2).sub(LogSumExp.of(logW.mul(2), 1));
        float[] values = logEss.exp().div(samples).toFloatArray();
        System.arraycopy(values, 0, out, first, rows);
      }
    }
    return out;
  }

  /** Shape {@code [rows, inputShape...]}. */
  static Shape batchShape(int rows, long[] inputShape) {
    long[] dims = new long[inputShape.length + 1];
    dims[0] = rows;
    System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
    return new Shape(dims);
  }
}
