package io.ebmperception.trainer.train;

import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.trainer.data.ScaleCropAugmentation;
import io.ebmperception.trainer.model.Architecture;

/**
 * Settings of one training run; build with {@link #builder()}. Defaults are the paper's: the joint
 * method nce+kl, K = 4, M = 1024, 75 epochs, batch 32, Adam with learning rate 1e-3.
 *
 * @param method       training method
 * @param components   K, Gaussian components of the MDN
 * @param samples      M, samples per example
 * @param epochs       passes over the training data
 * @param batchSize    examples per Adam step
 * @param learningRate Adam's learning rate
 * @param seed         seeds the engine (initialisation, sampling) and the data order
 * @param noiseSigmas  σ of the hand-tuned noise (methods nce and ml-is)
 * @param architecture layer widths
 * @param augmentation random scale-and-crop of training images, or null for none
 * @param standardiseTargets whether the networks work on standardised targets
 *                     ({@link io.ebmperception.trainer.model.TargetScaling}); densities stay in
 *                     the data's units either way
 * @param standardiseInputs whether vector inputs are standardised inside the networks
 *                     ({@link io.ebmperception.trainer.model.InputScaling}); image inputs have
 *                     their own normalisation and ignore it
 * @param noiseScales  per target dimension, what the noise σ are multiplied by (null: 1 for every
 *                     dimension, so σ are in the data's units)
 * @param schedule     proposal warm-up, feature freeze and warm start
 * @param threads      native intra-op threads of the engine ({@link EngineThreads})
 * @param proposalAnchor β of the joint methods' proposal anchor {@code J_KL + β NLL_q(y_i)}
 *                     (0: the paper's objective)
 */
public record TrainingConfig(
    Method method,
    int components,
    int samples,
    int epochs,
    int batchSize,
    float learningRate,
    long seed,
    float[] noiseSigmas,
    Architecture architecture,
    ScaleCropAugmentation augmentation,
    boolean standardiseTargets,
    boolean standardiseInputs,
    float[] noiseScales,
    TrainingSchedule schedule,
    int threads,
    float proposalAnchor) {

  public TrainingConfig {
    noiseSigmas = noiseSigmas.clone();
    noiseScales = noiseScales == null ? null : noiseScales.clone();
    schedule = schedule == null ? TrainingSchedule.none() : schedule;
    threads = threads == 0 ? 1 : threads; // configs written before the count was recorded
    require(threads >= 1, "threads must be >= 1, got " + threads);
    require(proposalAnchor >= 0 && Float.isFinite(proposalAnchor),
        "proposal anchor must be >= 0, got " + proposalAnchor);
    require(schedule.proposalWarmup() == 0 || method.proposalMode() != io.ebmperception.trainer.model.ProposalMode.NONE,
        "a proposal warm-up needs a method with an MDN proposal, not " + method);
    require(schedule.proposalWarmup() < epochs || schedule.proposalWarmup() == 0,
        "the proposal warm-up (" + schedule.proposalWarmup() + " epochs) must be shorter than the run ("
            + epochs + " epochs)");
    require(components >= 1, "components K must be >= 1, got " + components);
    require(samples >= 1, "samples M must be >= 1, got " + samples);
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
    require(learningRate > 0 && Float.isFinite(learningRate),
        "learning rate must be > 0, got " + learningRate);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this configuration. */
  public Builder toBuilder() {
    return new Builder().method(method).components(components).samples(samples).epochs(epochs)
        .batchSize(batchSize).learningRate(learningRate).seed(seed).noiseSigmas(noiseSigmas)
        .architecture(architecture).augmentation(augmentation).standardiseTargets(standardiseTargets)
        .standardiseInputs(standardiseInputs).noiseScales(noiseScales).schedule(schedule).threads(threads)
        .proposalAnchor(proposalAnchor);
  }

  /** The hand-tuned noise described by {@link #noiseSigmas()} and {@link #noiseScales()}. */
  public FixedGaussianNoise noise() {
    return new FixedGaussianNoise(noiseSigmas, noiseScales);
  }

  /** Builder with the paper's defaults. */
  public static final class Builder {
    private Method method = Method.NCE_KL;
    private int components = 4;
    private int samples = SamplingDefaults.SAMPLES;
    private int epochs = 75;
    private int batchSize = 32;
    private float learningRate = 1e-3f;
    private long seed = 1;
    private float[] noiseSigmas = {0.1f, 0.8f};
    private Architecture architecture = Architecture.toy();
    private ScaleCropAugmentation augmentation;
    private boolean standardiseTargets;
    private boolean standardiseInputs;
    private float[] noiseScales;
    private TrainingSchedule schedule = TrainingSchedule.none();
    private int threads = 1;
    private float proposalAnchor;

    private Builder() {}

    public Builder method(Method value) {
      method = value;
      return this;
    }

    public Builder components(int value) {
      components = value;
      return this;
    }

    public Builder samples(int value) {
      samples = value;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder learningRate(float value) {
      learningRate = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder noiseSigmas(float... value) {
      noiseSigmas = value.clone();
      return this;
    }

    public Builder architecture(Architecture value) {
      architecture = value;
      return this;
    }

    /** Random scale-and-crop of training images (null: none). */
    public Builder augmentation(ScaleCropAugmentation value) {
      augmentation = value;
      return this;
    }

    /** Whether the networks work on standardised targets (default: no, as in the reference). */
    public Builder standardiseTargets(boolean value) {
      standardiseTargets = value;
      return this;
    }

    /** Whether vector inputs are standardised inside the networks (default: no). */
    public Builder standardiseInputs(boolean value) {
      standardiseInputs = value;
      return this;
    }

    /** Per target dimension, the unit of the noise σ (null: the data's units). */
    public Builder noiseScales(float[] value) {
      noiseScales = value == null ? null : value.clone();
      return this;
    }

    /** Proposal warm-up, feature freeze and warm start (default: none, as on the 1-D problems). */
    public Builder schedule(TrainingSchedule value) {
      schedule = value;
      return this;
    }

    /** Native intra-op threads (default 1: reproducible). */
    public Builder threads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + value);
      }
      threads = value;
      return this;
    }

    /** β of the joint methods' proposal anchor (default 0: the paper's objective). */
    public Builder proposalAnchor(float value) {
      proposalAnchor = value;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(method, components, samples, epochs, batchSize, learningRate, seed,
          noiseSigmas, architecture, augmentation, standardiseTargets, standardiseInputs, noiseScales,
          schedule, threads, proposalAnchor);
    }
  }
}
