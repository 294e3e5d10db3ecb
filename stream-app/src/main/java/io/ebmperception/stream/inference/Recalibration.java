package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.MixtureSampler;
import io.ebmperception.schemas.sampling.ProposalParameters;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Gathers what a temperature is fitted on ({@link TemperatureScaling.Evidence}) from a bundle's
 * ONNX graphs, exactly as the app predicts: the per-input graph on a batch of inputs, M proposal
 * samples per input with the frame noise the app would draw, the per-sample graph on them and on
 * each label. So a deployment can recalibrate the model it serves on labelled data it recorded,
 * without the trainer.
 */
public final class Recalibration {
  /** Inputs per graph call. */
  static final int BATCH = 16;
  /** The camera id the sampling noise is seeded with (as a replay named {@code recalibration} would be). */
  static final String NOISE_CAMERA = "recalibration";

  private final OnnxModel model;
  private final int samples;

  /**
   * @param samples M, proposal samples per input (the app's {@code samples} setting)
   */
  public Recalibration(OnnxModel model, int samples) {
    if (samples < 1) {
      throw new IllegalArgumentException("need samples >= 1, got " + samples);
    }
    this.model = model;
    this.samples = samples;
  }

  /**
   * The evidence of N labelled inputs.
   *
   * @param inputs   {@code [N * inputSize]} already normalised, as the app feeds the graph
   * @param targets  {@code [N * D]} labels
   * @param progress told the number of inputs done after each batch
   */
  public TemperatureScaling.Evidence evidence(float[] inputs, float[] targets, IntConsumer progress) {
    int size = model.bundle().inputSize();
    int d = model.bundle().targetDim();
    int n = inputs.length / size;
    if (n * size != inputs.length || targets.length != n * d) {
      throw new IllegalArgumentException(n + " inputs of " + size + " values need " + n * d + " label values, got "
          + targets.length);
    }
    MixtureSampler mixture = new MixtureSampler(model.bundle().components(), d);
    float[] trueEnergies = new float[n];
    float[] energies = new float[n * samples];
    float[] logq = new float[n * samples];
    float[] draws = new float[n * samples * d];
    double[] density = new double[samples];
    for (int first = 0; first < n; first += BATCH) {
      int rows = Math.min(BATCH, n - first);
      ProposalParameters q = model.proposal(Arrays.copyOfRange(inputs, first * size, (first + rows) * size), rows);
      float[] ys = new float[rows * samples * d];
      for (int b = 0; b < rows; b++) {
        SampleNoise noise = FrameNoise.of(NOISE_CAMERA, first + b, samples, d, 0);
        mixture.sample(q, b, noise.uniforms(), noise.normals(), ys, b * samples * d, null);
        mixture.logDensity(q, b, ys, b * samples * d, samples, density);
        for (int m = 0; m < samples; m++) {
          logq[(first + b) * samples + m] = (float) density[m];
        }
      }
      System.arraycopy(ys, 0, draws, first * samples * d, ys.length);
      System.arraycopy(model.energies(q.projection(), ys, rows, samples), 0, energies, first * samples,
          rows * samples);
      float[] labels = Arrays.copyOfRange(targets, first * d, (first + rows) * d);
      System.arraycopy(model.energies(q.projection(), labels, rows, 1), 0, trueEnergies, first, rows);
      progress.accept(first + rows);
    }
    return new TemperatureScaling.Evidence(samples, d, trueEnergies, energies, logq, draws, targets);
  }
}
