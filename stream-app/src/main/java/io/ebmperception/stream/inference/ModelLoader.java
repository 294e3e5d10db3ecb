package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.bundle.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a bundle into a ready {@link ImportanceSampler}: sessions opened, and every batch size up
 * to {@code maxBatch} run once, because ONNX Runtime's first run at a new shape is slow.
 */
public final class ModelLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
  private final ExecutionProvider provider;
  private final int threads;
  private final int samples;
  private final int hypotheses;
  private final int maxBatch;
  private final ModeSearch modes;
  private final ModeRefiner.Settings refinement;

  /** A loader whose samplers find no modes. */
  public ModelLoader(ExecutionProvider provider, int threads, int samples, int hypotheses, int maxBatch) {
    this(provider, threads, samples, hypotheses, maxBatch, ModeSearch.OFF, ModeRefiner.Settings.OFF);
  }

  public ModelLoader(ExecutionProvider provider, int threads, int samples, int hypotheses, int maxBatch,
      ModeSearch modes, ModeRefiner.Settings refinement) {
    this.provider = provider;
    this.threads = threads;
    this.samples = samples;
    this.hypotheses = hypotheses;
    this.maxBatch = maxBatch;
    this.modes = modes;
    this.refinement = refinement;
  }

  /** The M the bundle's spreads were measured at: its calibration's, else its training's, else 0 (unknown). */
  static int measuredSamples(Manifest manifest) {
    if (manifest.calibration() != null) {
      return manifest.calibration().samples();
    }
    return manifest.training() == null ? 0 : manifest.training().samples();
  }

  /** Loads and warms up the bundle in {@code dir}. */
  public ImportanceSampler load(Path dir) {
    ModelBundle bundle = ModelBundle.load(dir);
    int measured = measuredSamples(bundle.manifest());
    if (samples < measured) {
      LOG.warn("serving {} with M = {} samples per frame, fewer than the {} its calibration (or training) used: "
          + "its spreads and intervals are noisier than the bundle says (setting samples)",
          bundle.manifest().name(), samples, measured);
    }
    OnnxModel model = new OnnxModel(bundle, provider, threads);
    ImportanceSampler sampler = new ImportanceSampler(model, samples, hypotheses, modes, refinement);
    long start = System.nanoTime();
    for (int b = 1; b <= maxBatch; b++) {
      List<SampleNoise> noise = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        noise.add(sampler.noiseFor("warm-up", i));
      }
      sampler.predict(new float[b * bundle.inputSize()], noise);
    }
    ImportanceSampler.Timed probe = sampler.predict(ProbeInference.input(bundle.manifest()),
        List.of(sampler.noiseFor("probe", 0))).get(0);
    Optional<String> problem = ProbeInference.problem(bundle.manifest(), probe.prediction());
    if (problem.isPresent()) {
      model.close();
      throw new IllegalStateException("bundle " + bundle.manifest().name() + " " + bundle.manifest().version()
          + " failed its probe inference on a grey frame: " + problem.get());
    }
    LOG.info("warmed up batch sizes 1..{} in {} ms", maxBatch, (System.nanoTime() - start) / 1_000_000);
    return sampler;
  }
}
