package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.sampling.TemperatureScaling;
import java.util.Arrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.model.LogSumExp;
import io.ebmperception.trainer.model.MixtureParameters;
import io.ebmperception.trainer.model.ProbabilisticRegressor;

/**
 * Evaluates a trained model's energies f(x, y) and proposal densities without gradients, in
 * chunks of inputs sized so that one chunk's activations stay near {@link #CHUNK_BYTES}, whatever
 * the grid, the number of samples or the image size: evaluation then adds tens of megabytes to a
 * run's memory, not gigabytes.
 *
 * <p>An evaluator scores the EBM at a temperature ({@link #withTemperature}; 1 unless told): every
 * energy it hands out, and every weight it forms, is {@code f / T}, so the NLL, KL, intervals and
 * ESS it reports are those of the calibrated model the app serves ({@link TemperatureScaling}). The
 * trust signals are always those of the trained energy (T = 1), as the app judges them.
 */
public final class EnergyEvaluator {
  /** About what one chunk's activations may take (the engine's temporaries come on top). */
  public static final long CHUNK_BYTES = 48L << 20;
  private final ProbabilisticRegressor model;
  private final NDManager manager;
  private final ParameterStore store;
  private final double temperature;

  /** An evaluator of the trained model as it is (T = 1). */
  public EnergyEvaluator(ProbabilisticRegressor model, NDManager manager) {
    this(model, manager, 1.0);
  }

  private EnergyEvaluator(ProbabilisticRegressor model, NDManager manager, double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
    }
    this.model = model;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
    this.temperature = temperature;
  }

  /** The same model scored at temperature {@code t}: {@code p_T ∝ exp(f / T)}. */
  public EnergyEvaluator withTemperature(double t) {
    return new EnergyEvaluator(model, manager, t);
  }

  /** The temperature this evaluator scores the EBM at. */
  public double temperature() {
    return temperature;
  }

  /** f(x, y) / T for the chunk's features and targets {@code [n, S, D]}: {@code [n, S]}. */
  private NDArray energy(NDArray features, NDArray y, double t) {
    NDArray f = model.energy(store, features, y, false);
    return t == 1.0 ? f : f.div((float) t);
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
        (x, grid) -> energy(model.energyFeatures(store, x, false), grid, temperature));
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
    forEachChunk(inputs, inputShape, s, (first, rows, x, local) -> {
      NDArray grid = local.create(points, new Shape(1, s, d)).broadcast(rows, s, d);
      consumer.accept(first, function.apply(x, grid));
    });
  }

  /** One chunk of inputs: rows {@code first .. first + rows - 1} as {@code x}, in a manager of its own. */
  @FunctionalInterface
  private interface ChunkBody {
    void run(int first, int rows, NDArray x, NDManager local);
  }

  /** Runs {@code body} on the inputs chunk by chunk ({@link #inputsPerChunk}), freeing each chunk's arrays after it. */
  private void forEachChunk(float[] inputs, long[] inputShape, int pointsPerInput, ChunkBody body) {
    int inputSize = model.spec().inputSize();
    int n = inputs.length / inputSize;
    int chunk = inputsPerChunk(n, pointsPerInput);
    for (int first = 0; first < n; first += chunk) {
      int rows = Math.min(chunk, n - first);
      try (NDManager local = manager.newSubManager()) {
        NDArray x = local.create(Arrays.copyOfRange(inputs, first * inputSize, (first + rows) * inputSize),
            batchShape(rows, inputShape));
        body.run(first, rows, x, local);
      }
    }
  }

  /** f(x_i, y_i) for paired inputs and targets: {@code [N]}. */
  public float[] pairedEnergies(float[] inputs, long[] inputShape, float[] targets) {
    return paired(inputs, inputShape, targets,
        (x, y) -> energy(model.energyFeatures(store, x, false), y, temperature));
  }

  /** log q(y_i|x_i) of the model's MDN for paired inputs and targets: {@code [N]}. */
  public float[] pairedLogProposal(float[] inputs, long[] inputShape, float[] targets) {
    return paired(inputs, inputShape, targets, (x, y) -> model.proposalParameters(store, x, null, false).logDensity(y));
  }

  /** {@code function(x [n, ...], y [n, 1, D]) → [n, 1]} for paired inputs and targets, chunk by chunk. */
  private float[] paired(float[] inputs, long[] inputShape, float[] targets,
      java.util.function.BiFunction<NDArray, NDArray, NDArray> function) {
    int d = model.spec().targetDim();
    float[] out = new float[targets.length / d];
    forEachChunk(inputs, inputShape, 1, (first, rows, x, local) -> {
      NDArray y = local.create(Arrays.copyOfRange(targets, first * d, (first + rows) * d),
          new Shape(rows, 1, d));
      System.arraycopy(function.apply(x, y).toFloatArray(), 0, out, first, rows);
    });
    return out;
  }

  /**
   * Inputs per chunk when each input is evaluated at {@code pointsPerInput} targets: the energy
   * network's activations of the pairs, and the feature network's of the inputs (an image's first
   * layers hold about 16 floats per input value), both within {@link #CHUNK_BYTES}.
   */
  int inputsPerChunk(int n, int pointsPerInput) {
    long pairBytes = 8L * model.spec().architecture().energyFloatsPerSample() * pointsPerInput;
    long inputBytes = 4L * 16 * Math.max(model.spec().inputSize(), 64);
    return (int) Math.max(1, Math.min(n, CHUNK_BYTES / (pairBytes + inputBytes)));
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
    float[] out = new float[inputs.length / model.spec().inputSize()];
    forEachChunk(inputs, inputShape, samples, (first, rows, x, local) -> {
      NDArray logW = weigh(x, local, samples, temperature).logWeights();
      NDArray logEss = LogSumExp.of(logW, 1).mul(2).sub(LogSumExp.of(logW.mul(2), 1));
      System.arraycopy(logEss.exp().div(samples).toFloatArray(), 0, out, first, rows);
    });
    return out;
  }

  /**
   * The signals of the trust verdict for every input, with {@code samples} proposal draws each:
   * the SNIS estimate of log Z(x) ({@code logsumexp(f − log q) − log M}), ESS / M, and the input's
   * {@code [H]} projection (the per-input graph's {@code projection} output), all of the trained
   * energy (T = 1) whatever this evaluator's temperature.
   */
  public TrustSignals trustSignals(float[] inputs, long[] inputShape, int samples) {
    int n = inputs.length / model.spec().inputSize();
    float[] logZ = new float[n];
    float[] ess = new float[n];
    int h = model.spec().architecture().jointWidth();
    float[] projection = new float[n * h];
    double logM = Math.log(samples);
    forEachChunk(inputs, inputShape, samples, (first, rows, x, local) -> {
      Weighed weighed = weigh(x, local, samples, 1.0);
      NDArray logW = weighed.logWeights();
      NDArray logSum = LogSumExp.of(logW, 1);
      System.arraycopy(logSum.sub(logM).toFloatArray(), 0, logZ, first, rows);
      System.arraycopy(logSum.mul(2).sub(LogSumExp.of(logW.mul(2), 1)).exp().div(samples).toFloatArray(), 0,
          ess, first, rows);
      System.arraycopy(model.energyModel().project(store, weighed.features(), false).toFloatArray(), 0, projection,
          first * h, rows * h);
    });
    return new TrustSignals(logZ, ess, projection, h);
  }

  /**
   * What {@link #trustSignals} measured.
   *
   * @param logPartition {@code [N]} log Z(x)
   * @param essFraction  {@code [N]} ESS / M
   * @param projection   {@code [N * H]}
   * @param width        H
   */
  public record TrustSignals(float[] logPartition, float[] essFraction, float[] projection, int width) {}

  /**
   * What a temperature is fitted on ({@link TemperatureScaling#fit}): for every labelled input, the
   * trained energy at its label and at {@code samples} proposal draws, and the draws' log q.
   *
   * @param targets {@code [N * D]} the labels
   */
  public TemperatureScaling.Evidence calibrationEvidence(float[] inputs, long[] inputShape, float[] targets,
      int samples) {
    int n = inputs.length / model.spec().inputSize();
    int d = model.spec().targetDim();
    float[] energies = new float[n * samples];
    float[] logq = new float[n * samples];
    float[] draws = new float[n * samples * d];
    forEachChunk(inputs, inputShape, samples, (first, rows, x, local) -> {
      Weighed weighed = weigh(x, local, samples, 1.0);
      System.arraycopy(weighed.energies().toFloatArray(), 0, energies, first * samples, rows * samples);
      System.arraycopy(weighed.logProposal().toFloatArray(), 0, logq, first * samples, rows * samples);
      System.arraycopy(weighed.draws().toFloatArray(), 0, draws, first * samples * d, rows * samples * d);
    });
    float[] trueEnergies = withTemperature(1.0).pairedEnergies(inputs, inputShape, targets);
    return new TemperatureScaling.Evidence(samples, d, trueEnergies, energies, logq, draws, targets);
  }

  /**
   * Draws {@code samples} proposal samples per input of the chunk {@code x} and weighs them by the
   * EBM at temperature {@code t}: the features, the draws {@code [rows, M, D]}, their energies
   * {@code f / T} and log q, and the log weights {@code f / T − log q} {@code [rows, M]}.
   */
  private Weighed weigh(NDArray x, NDManager local, int samples, double t) {
    NDArray features = model.energyFeatures(store, x, false);
    MixtureParameters q = model.proposalParameters(store, x, features, false);
    NDArray draws = q.sample(local, samples);
    NDArray energies = energy(features, draws, t);
    NDArray logq = q.logDensity(draws);
    return new Weighed(features, draws, energies, logq, energies.sub(logq));
  }

  private record Weighed(NDArray features, NDArray draws, NDArray energies, NDArray logProposal,
      NDArray logWeights) {}

  /** Shape {@code [rows, inputShape...]}. */
  static Shape batchShape(int rows, long[] inputShape) {
    long[] dims = new long[inputShape.length + 1];
    dims[0] = rows;
    System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
    return new Shape(dims);
  }
}
