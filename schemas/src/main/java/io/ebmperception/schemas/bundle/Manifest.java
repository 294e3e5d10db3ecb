package io.ebmperception.schemas.bundle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON manifest of a model bundle: the one contract between the trainer and the stream app.
 * It says what the ONNX graphs compute, how to feed them, and where the model came from. See
 * {@code docs/model-bundle.md} for every field. Made with {@link #builder()}, read and written
 * by {@link BundleLayout}.
 *
 * @param format          bundle format identifier, {@value #FORMAT}
 * @param name            model name (predictions carry it)
 * @param version         model version (predictions carry it; a new version hot-reloads)
 * @param task            task name, e.g. {@code toy1}, {@code steering}, {@code headpose}
 * @param method          training method id, e.g. {@code nce+kl}
 * @param targetDim       D
 * @param components      K of the MDN
 * @param hasEnergy       whether {@code graphs.energy} exists
 * @param hasProposal     whether the per-input graph outputs the MDN's parameters
 * @param projectionWidth H, width of the per-input graph's {@code projection} output
 * @param input           input shape and normalisation
 * @param target          target names and evaluation grid
 * @param graphs          role → file name ({@code input}, {@code energy})
 * @param architecture    layer widths, enough to rebuild the DJL model
 * @param metrics         evaluation results at export time
 * @param training        training settings
 * @param seed            the run's seed
 * @param gitCommit       commit of the code that trained it, or {@code unknown}
 * @param libraries       library → version
 * @param createdAt       ISO-8601 instant
 * @param trust           the validation split's log Z and ESS / M, which the trust verdict of every
 *                        prediction is judged against; null in bundles made before it or without a
 *                        validation split
 * @param calibration     the temperature on the energy that calibrates the EBM's spreads
 *                        ({@code TemperatureScaling}); null (T = 1) in bundles made before it or
 *                        without labelled held-out data
 */
public record Manifest(
    String format,
    String name,
    String version,
    String task,
    String method,
    int targetDim,
    int components,
    boolean hasEnergy,
    boolean hasProposal,
    int projectionWidth,
    InputSpec input,
    TargetSpec target,
    Map<String, String> graphs,
    ArchitectureSpec architecture,
    Map<String, Double> metrics,
    TrainingSpec training,
    long seed,
    String gitCommit,
    Map<String, String> libraries,
    String createdAt,
    TrustSpec trust,
    CalibrationSpec calibration) {

  /** The format identifier this code writes and reads. */
  public static final String FORMAT = "ebm-perception-bundle/1";

  /**
   * @param shape  one input without the batch axis, e.g. {@code [1]} or {@code [3, 64, 64]}
   * @param layout {@code vector} or {@code chw-rgb}
   * @param scale  multiply raw values by this first (1/255 for 8-bit images)
   * @param mean   then subtract this per channel (empty: none)
   * @param std    then divide by this per channel (empty: none)
   */
  public record InputSpec(long[] shape, String layout, float scale, float[] mean, float[] std) {}

  /**
   * @param names      names of the D target dimensions
   * @param units      the unit of each dimension ({@code deg}; empty: unitless or not declared);
   *                   absent in bundles written before it existed, then read from a name's suffix
   *                   ({@code steering_deg} is in {@code deg})
   * @param gridLo     lower grid bound per dimension (grid NLL, plots)
   * @param gridHi     upper grid bound per dimension
   * @param gridPoints grid points per dimension
   */
  public record TargetSpec(List<String> names, List<String> units, float[] gridLo, float[] gridHi, int gridPoints) {
    /** Units a name's last {@code _suffix} declares. */
    private static final java.util.Set<String> SUFFIX_UNITS = java.util.Set.of("deg", "rad", "m", "cm", "mm", "km",
        "s", "ms", "px", "mps", "kmh", "kg", "n", "pct");

    public TargetSpec {
      names = List.copyOf(names);
      units = units == null ? names.stream().map(TargetSpec::unitOf).toList() : List.copyOf(units);
      if (units.size() != names.size()) {
        throw new IllegalArgumentException("the manifest names " + names.size() + " target(s) but gives "
            + units.size() + " unit(s)");
      }
    }

    /** A target spec whose units are read from its names' suffixes. */
    public TargetSpec(List<String> names, float[] gridLo, float[] gridHi, int gridPoints) {
      this(names, null, gridLo, gridHi, gridPoints);
    }

    /** The unit {@code name}'s suffix declares ({@code steering_deg}: {@code deg}), or "". */
    public static String unitOf(String name) {
      int underscore = name.lastIndexOf('_');
      String suffix = underscore < 0 ? "" : name.substring(underscore + 1).toLowerCase(java.util.Locale.ROOT);
      return SUFFIX_UNITS.contains(suffix) ? suffix : "";
    }

    /** "steering_deg (deg)", "yaw (deg)", "y": each dimension's name with its unit, for headers. */
    public List<String> labels() {
      return labels(names, units);
    }

    /** {@code names} with their units where one is given (a prediction's targets, a manifest's). */
    public static List<String> labels(List<String> names, List<String> units) {
      List<String> out = new java.util.ArrayList<>();
      for (int k = 0; k < names.size(); k++) {
        String unit = k < units.size() ? units.get(k) : "";
        out.add(unit.isEmpty() ? names.get(k) : names.get(k) + " (" + unit + ")");
      }
      return out;
    }
  }

  /**
   * @param featureWidths  fully connected feature net widths
   * @param yBranchWidths  y-branch widths
   * @param jointWidth     joint layer width H
   * @param residual       whether the head has the residual step
   * @param proposalHidden MDN branch width
   * @param proposalMode   NONE, JOINT or SEPARATE
   * @param backbone       feature net: {@code mlp}, {@code cnn} or {@code resnet18} (absent in
   *                       bundles written before it was recorded: {@code mlp})
   */
  public record ArchitectureSpec(int[] featureWidths, int[] yBranchWidths, int jointWidth,
      boolean residual, int proposalHidden, String proposalMode, String backbone) {}

  /**
   * What in-distribution inputs look like to the model, measured on its validation split after
   * training: evenly spaced quantiles (minimum to maximum) of the SNIS log Z(x) and of ESS / M at
   * {@code samples} proposal samples, and the declared share of in-distribution inputs the verdict
   * may flag. See {@code schemas/sampling/TrustVerdict}.
   *
   * @param falseAlarmRate        the declared false-alarm rate on in-distribution inputs, e.g. 0.05
   * @param samples               M the quantiles were measured at
   * @param validationInputs      how many validation inputs they summarise
   * @param logPartitionQuantiles quantiles of log Z(x), ascending
   * @param essFractionQuantiles  quantiles of ESS / M, ascending
   * @param featureMean           {@code [H]} mean of the input graph's projection over the validation inputs
   * @param featurePrecision      {@code [H * H]} row-major inverse of their (shrunk) covariance
   * @param featureDistanceQuantiles quantiles of the squared Mahalanobis distance of a validation
   *                              input's projection from that mean, ascending
   * @param combinedQuantiles     quantiles over the validation inputs of the combined statistic
   *                              {@code −Σ log p} of their three tail probabilities (see TrustVerdict), ascending
   * @param inputContrastFloor    half the lowest contrast (spatial standard deviation per channel)
   *                              of a validation image: an input below it shows next to nothing (a
   *                              covered, blinded or flat camera); null for vector inputs
   */
  public record TrustSpec(double falseAlarmRate, int samples, int validationInputs, float[] logPartitionQuantiles,
      float[] essFractionQuantiles, float[] featureMean, float[] featurePrecision, float[] featureDistanceQuantiles,
      float[] combinedQuantiles, Float inputContrastFloor) {}

  /**
   * How the EBM's predictive distribution is calibrated: {@code p_T(y|x) ∝ exp(f(x, y) / T)} with T
   * fitted by NLL on labelled held-out data ({@code schemas/sampling/TemperatureScaling}), and what
   * it changed there.
   *
   * @param temperature    T (1: unchanged)
   * @param fittedOn       what it was fitted on: {@code validation split (N inputs)} after training, or
   *                       the data a {@code recalibrate} was given
   * @param inputs         N, labelled inputs
   * @param samples        M proposal samples per input
   * @param nllBefore      mean NLL on them at T = 1 (SNIS estimate of log Z)
   * @param nllAfter       the same at T
   * @param coverageBefore coverage of the central 50, 80, 90, 95% intervals at T = 1
   * @param coverageAfter  the same at T
   * @param previousVersion the bundle version it recalibrated, or null for a fit after training
   */
  public record CalibrationSpec(double temperature, String fittedOn, int inputs, int samples, double nllBefore,
      double nllAfter, float[] coverageBefore, float[] coverageAfter, String previousVersion) {}

  /**
   * The version of a bundle written at {@code when}: its UTC time to the second,
   * {@code 20261206T221743}, so versions sort by age.
   */
  public static String versionAt(Instant when) {
    return when.toString().replace(":", "").replace("-", "").substring(0, 15);
  }

  /** The temperature the EBM is served at: the calibration's, or 1 without one. */
  public double servingTemperature() {
    return calibration == null ? 1.0 : calibration.temperature();
  }

  /**
   * This manifest recalibrated: the same model and graphs under {@code newVersion}, with
   * {@code value} as its calibration.
   */
  public Manifest withCalibration(CalibrationSpec value, String newVersion) {
    return new Manifest(format, name, newVersion, task, method, targetDim, components, hasEnergy, hasProposal,
        projectionWidth, input, target, graphs, architecture, metrics, training, seed, gitCommit, libraries,
        createdAt, trust, value);
  }

  /**
   * How the model was trained, as far as a reader of the bundle needs it (the run folder's
   * config.json has everything). The app compares its own M with {@link #samples}.
   *
   * @param epochs                epochs trained
   * @param batchSize             pairs per step
   * @param samples               M, proposal samples per pair in training
   * @param learningRate          Adam's learning rate
   * @param noiseSigmas           σ of the NCE baseline's noise components
   * @param trainingPairs         pairs in the training split
   * @param noiseScales           per target dimension, the unit of those σ (null: the data's units)
   * @param standardiseTargets    whether the networks worked on standardised targets
   * @param standardiseInputs     whether vector inputs were standardised inside the networks
   * @param proposalWarmupEpochs  epochs the proposal trained alone first
   * @param freezeFeaturesToEpoch the epoch up to which the shared features were frozen (0: never)
   * @param warmStart             the run it was warm-started from, or null
   * @param warmStartParts        which parts were copied from it, or null
   * @param threads               PyTorch threads
   * @param proposalAnchor        β of the proposal anchor J_KL + β NLL_q
   */
  public record TrainingSpec(int epochs, int batchSize, int samples, double learningRate, float[] noiseSigmas,
      int trainingPairs, float[] noiseScales, boolean standardiseTargets, boolean standardiseInputs,
      int proposalWarmupEpochs, int freezeFeaturesToEpoch, String warmStart, String warmStartParts, int threads,
      double proposalAnchor) {}

  /** A builder with the format set and empty maps; name, version, task, method and input are required. */
  public static Builder builder() {
    return new Builder();
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Builds a {@link Manifest}; {@link #build()} says which required field is missing. */
  public static final class Builder {
    private String name;
    private String version;
    private String task;
    private String method;
    private int targetDim = 1;
    private int components;
    private boolean hasEnergy;
    private boolean hasProposal;
    private int projectionWidth;
    private InputSpec input;
    private TargetSpec target;
    private final Map<String, String> graphs = new LinkedHashMap<>();
    private ArchitectureSpec architecture;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private TrainingSpec training;
    private long seed;
    private String gitCommit = "unknown";
    private final Map<String, String> libraries = new LinkedHashMap<>();
    private String createdAt;
    private TrustSpec trust;
    private CalibrationSpec calibration;

    private Builder() {}

    /** The calibration fitted after training (none: served at T = 1). */
    public Builder calibration(CalibrationSpec value) {
      calibration = value;
      return this;
    }

    /** The trust thresholds learned on the validation split (none: predictions carry no verdict). */
    public Builder trust(TrustSpec value) {
      trust = value;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder version(String value) {
      version = value;
      return this;
    }

    public Builder task(String value) {
      task = value;
      return this;
    }

    public Builder method(String value) {
      method = value;
      return this;
    }

    /** D and K. */
    public Builder dimensions(int targetDimension, int mixtureComponents) {
      targetDim = targetDimension;
      components = mixtureComponents;
      return this;
    }

    /**
     * Which parts the bundle has: the energy graph (registered under its role with its
     * {@link BundleLayout} file name) and the MDN in the per-input graph (always registered).
     */
    public Builder parts(boolean energy, boolean proposal) {
      hasEnergy = energy;
      hasProposal = proposal;
      graphs.put(BundleLayout.INPUT_ROLE, BundleLayout.INPUT_GRAPH);
      if (energy) {
        graphs.put(BundleLayout.ENERGY_ROLE, BundleLayout.ENERGY_GRAPH);
      } else {
        graphs.remove(BundleLayout.ENERGY_ROLE);
      }
      return this;
    }

    public Builder projectionWidth(int value) {
      projectionWidth = value;
      return this;
    }

    public Builder input(InputSpec value) {
      input = value;
      return this;
    }

    public Builder target(TargetSpec value) {
      target = value;
      return this;
    }

    public Builder architecture(ArchitectureSpec value) {
      architecture = value;
      return this;
    }

    public Builder metrics(Map<String, Double> value) {
      metrics.putAll(value);
      return this;
    }

    public Builder training(TrainingSpec value) {
      training = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder gitCommit(String value) {
      gitCommit = value;
      return this;
    }

    public Builder libraries(Map<String, String> value) {
      libraries.putAll(value);
      return this;
    }

    /** When it was made (default: when {@link #build()} runs). */
    public Builder createdAt(Instant value) {
      createdAt = value.toString();
      return this;
    }

    public Manifest build() {
      Objects.requireNonNull(name, "manifest needs a name");
      Objects.requireNonNull(version, "manifest needs a version");
      Objects.requireNonNull(task, "manifest needs a task");
      Objects.requireNonNull(method, "manifest needs a method");
      Objects.requireNonNull(input, "manifest needs an input spec");
      if (targetDim < 1 || components < 0) {
        throw new IllegalArgumentException("manifest needs D >= 1 and K >= 0, got " + targetDim + ", " + components);
      }
      if (graphs.isEmpty()) {
        parts(hasEnergy, hasProposal);
      }
      return new Manifest(FORMAT, name, version, task, method, targetDim, components, hasEnergy, hasProposal,
          projectionWidth, input, target, ordered(graphs), architecture, ordered(metrics),
          training, seed, gitCommit, ordered(libraries),
          createdAt != null ? createdAt : Instant.now().toString(), trust, calibration);
    }
  }
}
