package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.ProposalParameters;
import io.ebmperception.schemas.sampling.MixtureSampler;
import io.ebmperception.schemas.sampling.ImportanceWeights;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.schemas.sampling.SnisEstimate;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicts for a batch of inputs with one call of each graph: the per-input graph on all B
 * inputs, M samples per input from the MDN (drawn in Java with each input's own noise), the
 * per-sample graph on all B·M samples, then the SNIS summary per input (with its modes when a
 * {@link ModeSearch} is on) of the EBM at the bundle's calibrated temperature.
 */
public final class ImportanceSampler {
  private final OnnxModel model;
  private final MixtureSampler mixture;
  private final int samples;
  private final int hypotheses;
  private final ModeSearch modes;
  private final ModeRefiner refiner;
  /** The bundle's calibration: weights {@code f / T − log q} ({@link TemperatureScaling}). */
  private final double temperature;

  /** A sampler whose predictions carry no modes. */
  public ImportanceSampler(OnnxModel model, int samples, int hypotheses) {
    this(model, samples, hypotheses, ModeSearch.OFF, ModeRefiner.Settings.OFF);
  }

  /** A sampler that finds modes without refining them. */
  public ImportanceSampler(OnnxModel model, int samples, int hypotheses, ModeSearch modes) {
    this(model, samples, hypotheses, modes, ModeRefiner.Settings.OFF);
  }

  /**
   * @param samples    M, samples per input
   * @param hypotheses R, resampled hypotheses per input
   * @param modes      how modes are looked for ({@link ModeSearch#OFF}: not at all)
   * @param refinement gradient ascent of each mode on f ({@link ModeRefiner.Settings#OFF}: none)
   */
  public ImportanceSampler(OnnxModel model, int samples, int hypotheses, ModeSearch modes,
      ModeRefiner.Settings refinement) {
    if (samples < 1 || hypotheses < 0) {
      throw new IllegalArgumentException("need samples >= 1 and hypotheses >= 0");
    }
    this.model = model;
    this.mixture = new MixtureSampler(model.bundle().components(), model.bundle().targetDim());
    this.samples = samples;
    this.hypotheses = hypotheses;
    this.modes = modes;
    this.refiner = new ModeRefiner(model, refinement);
    this.temperature = model.bundle().manifest().servingTemperature();
  }

  public int samples() {
    return samples;
  }

  public int hypotheses() {
    return hypotheses;
  }

  /** The sampling noise of one frame for this sampler's M, D and R, seeded from the frame's identity. */
  public SampleNoise noiseFor(String cameraId, long sequence) {
    return FrameNoise.of(cameraId, sequence, samples, model.bundle().targetDim(), hypotheses);
  }

  public OnnxModel model() {
    return model;
  }

  /**
   * A prediction with the time spent in each stage, in milliseconds (refine: 0 when off), the
   * input's {@code [H]} projection (the features the trust verdict measures distances in) and the
   * trained energy's log Z and ESS (what the verdict judges; the prediction's own are those of the
   * calibrated, tempered EBM).
   */
  public record Timed(SnisEstimate prediction, double inputGraphMs, double samplingMs,
      double energyGraphMs, double weightsMs, double refineMs, float[] projection, ImportanceWeights.Signals trained) {}

  /**
   * Predicts for B inputs.
   *
   * @param inputs row-major {@code [B, *shape]}, already normalised
   * @param noise  one {@link SampleNoise} (N = 1, M, D, R) per input
   */
  public List<Timed> predict(float[] inputs, List<SampleNoise> noise) {
    int batch = noise.size();
    int d = model.bundle().targetDim();
    long t0 = System.nanoTime();
    ProposalParameters q = model.proposal(inputs, batch);
    long t1 = System.nanoTime();
    float[] ys = new float[batch * samples * d];
    int[][] components = new int[batch][];
    boolean byComponent = modes.enabled() && modes.method() == ModeSearch.Method.COMPONENTS;
    for (int b = 0; b < batch; b++) {
      SampleNoise n = noise.get(b);
      components[b] = byComponent ? new int[samples] : null;
      mixture.sample(q, b, n.uniforms(), n.normals(), ys, b * samples * d, components[b]);
    }
    long t2 = System.nanoTime();
    float[] f = model.energies(q.projection(), ys, batch, samples);
    long t3 = System.nanoTime();
    List<SnisEstimate> predictions = new ArrayList<>(batch);
    List<ImportanceWeights.Signals> trained = new ArrayList<>(batch);
    double[] logq = new double[samples];
    float[] logWeights = new float[samples];
    for (int b = 0; b < batch; b++) {
      mixture.logDensity(q, b, ys, b * samples * d, samples, logq);
      for (int m = 0; m < samples; m++) {
        logWeights[m] = (float) (f[b * samples + m] - logq[m]);
      }
      trained.add(ImportanceWeights.signals(logWeights));
      if (temperature != 1.0) {
        for (int m = 0; m < samples; m++) {
          logWeights[m] = (float) TemperatureScaling.logWeight(f[b * samples + m], logq[m], temperature);
        }
      }
      float[] own = java.util.Arrays.copyOfRange(ys, b * samples * d, (b + 1) * samples * d);
      predictions.add(ImportanceWeights.summarise(logWeights, own, d, noise.get(b).resampling(), modes,
          components[b]));
    }
    long t4 = System.nanoTime();
    if (refiner.enabled()) {
      List<List<io.ebmperception.schemas.sampling.ModeEstimate>> refined =
          refiner.refine(q.projection(), predictions.stream().map(SnisEstimate::modes).toList());
      for (int b = 0; b < batch; b++) {
        SnisEstimate p = predictions.get(b);
        predictions.set(b, new SnisEstimate(p.mean(), p.covariance(), p.effectiveSampleSize(), p.logPartition(),
            p.hypotheses(), refined.get(b), p.intervals()));
      }
    }
    long t5 = refiner.enabled() ? System.nanoTime() : t4;
    double perInput = 1e-6 / batch;
    List<Timed> out = new ArrayList<>(batch);
    int h = q.projection().length / batch;
    for (int b = 0; b < batch; b++) {
      out.add(new Timed(predictions.get(b), (t1 - t0) * perInput, (t2 - t1) * perInput, (t3 - t2) * perInput,
          (t4 - t3) * perInput, (t5 - t4) * perInput, java.util.Arrays.copyOfRange(q.projection(), b * h, (b + 1) * h),
          trained.get(b)));
    }
    return out;
  }
}
