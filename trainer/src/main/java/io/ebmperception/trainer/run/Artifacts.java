package io.ebmperception.trainer.run;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.eval.DensityPlot;
import io.ebmperception.trainer.eval.EnergyCalibration;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.eval.TargetGrid;
import io.ebmperception.trainer.eval.TrustCalibration;
import io.ebmperception.trainer.export.BundleWriter;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.scenes.SyntheticScenes;
import io.ebmperception.trainer.train.TrainingConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the outputs of a trained model into its run folder: density plots and the model bundle. */
public final class Artifacts {
  private static final int PLOT_POINTS = 200;

  private Artifacts() {}

  /** Heat maps of the EBM's and the MDN's p(y|x) with the data on top (1-D inputs and targets only). */
  public static void densityPlots(ProbabilisticRegressor model, Task task, RunFolder folder,
      NDManager manager) {
    ModelSpec spec = model.spec();
    if (spec.inputSize() != 1 || spec.targetDim() != 1) {
      return;
    }
    float[][] xRange = inputRange(task);
    float[] xs = TargetGrid.of1d(xRange[0][0], xRange[1][0], PLOT_POINTS).points();
    TargetGrid grid = task.grid();
    float[] ys = TargetGrid.of1d(grid.lo()[0], grid.hi()[0], PLOT_POINTS).points();
    EnergyEvaluator evaluator = new EnergyEvaluator(model, manager);
    float[] values = new float[PLOT_POINTS * PLOT_POINTS];
    EnergyEvaluator.ChunkConsumer collect = (first, chunk) -> {
      float[] v = chunk.toFloatArray();
      System.arraycopy(v, 0, values, first * PLOT_POINTS, v.length);
    };
    String title = task.name() + ", " + spec.components() + " components";
    if (spec.energy()) {
      evaluator.energiesOnPoints(xs, new long[] {1}, ys, collect);
      DensityPlot.write(folder.plot("ebm-density"), "EBM p(y|x), " + title, xs, ys, values, task.train());
    }
    if (spec.hasProposal()) {
      evaluator.logProposalOnPoints(xs, new long[] {1}, ys, collect);
      DensityPlot.write(folder.plot("mdn-density"), "MDN q(y|x), " + title, xs, ys, values.clone(),
          task.train());
    }
  }

  /**
   * Writes the model bundle into {@code dir} and returns it, optionally with the benchmark-only
   * naive energy graph.
   *
   * @param calibration the temperature fitted on the validation split ({@link EnergyCalibration}),
   *                    or null to serve the EBM as trained
   */
  public static java.nio.file.Path bundle(ProbabilisticRegressor model, Task task, TrainingConfig config,
      Map<String, Double> metrics, Manifest.CalibrationSpec calibration, java.nio.file.Path dir, boolean naiveHead) {
    ModelSpec spec = model.spec();
    Architecture a = spec.architecture();
    var warmStart = config.schedule().warmStart();
    Manifest.TrainingSpec training = new Manifest.TrainingSpec(config.epochs(), config.batchSize(), config.samples(),
        config.learningRate(), config.noiseSigmas(), task.train().size(), config.noiseScales(),
        config.standardiseTargets(), config.standardiseInputs(), config.schedule().proposalWarmup(),
        config.schedule().freezeFeatures(), warmStart == null ? null : String.valueOf(warmStart.run()),
        warmStart == null ? null : warmStart.parts().id(), config.threads(), config.proposalAnchor());
    TargetGrid grid = task.grid();
    Instant now = Instant.now();
    Manifest manifest = Manifest.builder()
        .name(task.name() + "-" + config.method().id())
        .version(Manifest.versionAt(now))
        .task(task.name())
        .method(config.method().id())
        .dimensions(spec.targetDim(), spec.components())
        .parts(spec.energy(), spec.hasProposal())
        .projectionWidth(a.jointWidth())
        .input(inputSpec(spec, task))
        .target(new Manifest.TargetSpec(task.train().targetNames(), targetUnits(task), grid.lo(), grid.hi(),
            grid.pointsPerDim()))
        .architecture(new Manifest.ArchitectureSpec(a.featureWidths(), a.yBranchWidths(), a.jointWidth(),
            a.residual(), a.proposalHidden(), spec.proposal().name(), a.backbone().id()))
        .metrics(metrics)
        .trust(trust(model, task))
        .calibration(calibration)
        .training(training)
        .seed(config.seed())
        .gitCommit(Provenance.gitCommit())
        .libraries(Provenance.libraries())
        .createdAt(now)
        .build();
    return new BundleWriter(naiveHead).write(model, manifest, dir);
  }

  /** The trust thresholds on the task's validation split, with a manager of their own. */
  private static Manifest.TrustSpec trust(ProbabilisticRegressor model, Task task) {
    try (NDManager manager = NDManager.newBaseManager()) {
      return TrustCalibration.of(model, task.validation(), new EnergyEvaluator(model, manager));
    }
  }

  /** The synthetic scenes' declared units for their tasks; for other data, what the names' suffixes say. */
  private static List<String> targetUnits(Task task) {
    List<String> names = task.train().targetNames();
    return SyntheticScenes.forTask(task.name())
        .filter(s -> s.targetNames().equals(names)).map(SyntheticScenes::targetUnits)
        .orElseGet(() -> names.stream().map(Manifest.TargetSpec::unitOf).toList());
  }

  private static Manifest.InputSpec inputSpec(ModelSpec spec, Task task) {
    if (task.images() == null) {
      return new Manifest.InputSpec(spec.inputShape(), "vector", 1f, new float[0], new float[0]);
    }
    return task.images().inputSpec(spec.inputShape());
  }

  private static float[][] inputRange(Task task) {
    float[] lo = {Float.POSITIVE_INFINITY};
    float[] hi = {Float.NEGATIVE_INFINITY};
    float[] xs = task.train().inputs();
    for (float x : xs) {
      lo[0] = Math.min(lo[0], x);
      hi[0] = Math.max(hi[0], x);
    }
    return new float[][] {lo, hi};
  }

}
