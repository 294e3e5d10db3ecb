package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.ImportanceWeights;
import io.ebmperception.schemas.sampling.MixtureSampler;
import io.ebmperception.schemas.sampling.ProposalParameters;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import io.ebmperception.schemas.sampling.TrustVerdict;
import io.ebmperception.vision.Preprocessor;
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
    return gather(inputs, targets, progress).evidence(true);
  }

  /**
   * The evidence of N labelled inputs with the trust verdict of each, as the app would judge it
   * (all trusted when the bundle has no thresholds).
   */
  public Gathered gather(float[] inputs, float[] targets, IntConsumer progress) {
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
    boolean[] trusted = new boolean[n];
    TrustVerdict verdict = model.bundle().manifest().trust() == null ? null
        : new TrustVerdict(model.bundle().manifest().trust());
    float[] rawLogWeights = new float[samples];
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
      int h = q.projection().length / rows;
      for (int b = 0; b < rows; b++) {
        int i = first + b;
        if (verdict == null) {
          trusted[i] = true;
          continue;
        }
        for (int m = 0; m < samples; m++) {
          rawLogWeights[m] = energies[i * samples + m] - logq[i * samples + m];
        }
        ImportanceWeights.Signals signals = ImportanceWeights.signals(rawLogWeights);
        trusted[i] = verdict.judge(signals.logPartition(), signals.effectiveSampleSize() / samples,
            Arrays.copyOfRange(q.projection(), b * h, (b + 1) * h),
            TrustVerdict.contrast(inputs, i * size, size, Preprocessor.CHANNELS)).trusted();
      }
      float[] labels = Arrays.copyOfRange(targets, first * d, (first + rows) * d);
      System.arraycopy(model.energies(q.projection(), labels, rows, 1), 0, trueEnergies, first, rows);
      progress.accept(first + rows);
    }
    return new Gathered(new TemperatureScaling.Evidence(samples, d, trueEnergies, energies, logq, draws, targets),
        trusted);
  }

  /**
   * The evidence of every labelled input and which of them the trust verdict would trust.
   *
   * @param all     every input's evidence
   * @param trusted {@code [N]} the verdict per input
   */
  public record Gathered(TemperatureScaling.Evidence all, boolean[] trusted) {
    /** How many inputs the verdict would not trust. */
    public int untrusted() {
      int count = 0;
      for (boolean t : trusted) {
        count += t ? 0 : 1;
      }
      return count;
    }

    /**
     * The evidence to fit on: every input, or only the trusted ones (an untrusted frame's spread is
     * not what the model claims for the inputs it was meant for, and would drag the temperature
     * towards the foreign frames).
     */
    public TemperatureScaling.Evidence evidence(boolean includeUntrusted) {
      if (includeUntrusted || untrusted() == 0) {
        return all;
      }
      int m = all.samples();
      int d = all.targetDim();
      int kept = all.inputs() - untrusted();
      float[] trueEnergies = new float[kept];
      float[] energies = new float[kept * m];
      float[] logq = new float[kept * m];
      float[] draws = new float[kept * m * d];
      float[] targets = new float[kept * d];
      int j = 0;
      for (int i = 0; i < all.inputs(); i++) {
        if (!trusted[i]) {
          continue;
        }
        trueEnergies[j] = all.trueEnergies()[i];
        System.arraycopy(all.energies(), i * m, energies, j * m, m);
        System.arraycopy(all.logProposal(), i * m, logq, j * m, m);
        System.arraycopy(all.draws(), i * m * d, draws, j * m * d, m * d);
        System.arraycopy(all.targets(), i * d, targets, j * d, d);
        j++;
      }
      return new TemperatureScaling.Evidence(m, d, trueEnergies, energies, logq, draws, targets);
    }
  }
}
