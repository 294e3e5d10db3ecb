package io.ebmperception.trainer.run;

import io.ebmperception.schemas.sampling.CentralIntervals;
import io.ebmperception.trainer.scenes.HeadScenes;
import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.scenes.RoadScenes;
import io.ebmperception.trainer.data.Gustafsson2020;
import io.ebmperception.trainer.data.ToyDatasets;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.eval.GridNll;
import io.ebmperception.trainer.eval.IntervalCoverage;
import io.ebmperception.trainer.eval.MdnNllEvaluation;
import io.ebmperception.trainer.eval.ProposalHealth;
import io.ebmperception.trainer.eval.TargetGrid;
import io.ebmperception.trainer.eval.ToyKl;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.Backbone;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.TrainingSchedule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A regression problem with its evaluation protocol: training data, optional test data, the y grid
 * used for grid NLL and plots, and whether the true density is known (dataset 1: KL).
 *
 * @param name       short name recorded in manifests ({@code toy1}, {@code toy2}, a file name)
 * @param train      training pairs
 * @param test       test pairs, or null when the task has none
 * @param grid       the y grid of the task's evaluation
 * @param knownTruth whether KL against the true density of dataset 1 applies
 * @param images     how image inputs were normalised, or null for vector inputs
 * @param defaults   the settings this task trains with unless told otherwise
 * @param validation held-out labelled inputs for the validation curve and early stopping, the
 *                   calibration's temperature and the bundle's trust thresholds (the synthetic
 *                   tasks render a set of their own, dataset 1 draws one from its known density,
 *                   dataset 2 has the paper's validation split; a user's data uses its test or
 *                   held-out split), or null: the bundle is then served uncalibrated, without a
 *                   trust verdict
 */
public record Task(String name, RegressionDataset train, RegressionDataset test, TargetGrid grid,
    boolean knownTruth, ImageNormalisation images, TaskDefaults defaults, RegressionDataset validation) {

  /** Validation scenes of the synthetic camera tasks (their own seed, 3). */
  static final int SCENE_VALIDATION_IMAGES = 500;

  /** NCE noise σ of the synthetic camera tasks (σ2 = 8 σ1, in degrees). */
  private static final float[] CAMERA_NOISE = {1f, 8f};

  /** Metric name: KL(p_true ‖ p_EBM) with the reference protocol. */
  public static final String KL = "kl_true_ebm";
  /** Metric name: test NLL of the EBM normalised on the task's grid. */
  public static final String TEST_NLL_EBM = "test_nll_ebm";
  /** Metric name: exact test NLL of the MDN. */
  public static final String TEST_NLL_MDN = "test_nll_mdn";

  /** Pairs of dataset 1 drawn from its known density for the test and validation splits. */
  static final int TOY1_HELD_OUT = 2000;

  /**
   * Dataset 1 of Table 1: 2000 training pairs, scored by KL on [-3, 3]²; test and validation pairs
   * drawn from its known density (seeds 2 and 3) for the calibration and its coverage.
   */
  public static Task toy1() {
    return new Task("toy1", ToyDatasets.gustafsson2020Train(), Gustafsson2020.generate(TOY1_HELD_OUT, 2),
        TargetGrid.of1d(-3f, 3f, ToyKl.REFERENCE_POINTS), true, null, paperToy(0.1f),
        Gustafsson2020.generate(TOY1_HELD_OUT, 3));
  }

  /**
   * Dataset 2 of Table 1: trained on its train split, scored by test NLL on 8192 y in [-12.5, 12.5],
   * calibrated on its validation split.
   */
  public static Task toy2() {
    return new Task("toy2", ToyDatasets.brando2019("train"), ToyDatasets.brando2019("test"),
        TargetGrid.of1d(-12.5f, 12.5f, 8192), false, null, paperToy(0.4f), ToyDatasets.brando2019("val"));
  }

  /**
   * The paper's 1-D protocol: width-10 networks on raw inputs and targets, joint training from the
   * first step, NCE noise (σ1, 8 σ1). Datasets 1 and 2 stay the paper's benchmark.
   */
  private static TaskDefaults paperToy(float sigma1) {
    return new TaskDefaults(Architecture.toy(), false, false, new float[] {sigma1, 8 * sigma1}, null,
        TrainingSchedule.none());
  }

  /**
   * A user's data: the grid spans the training targets widened by 10% on each side, with 4096
   * points for D = 1, 100 per dimension for D = 2 and 30 per dimension beyond;
   * {@link #userDefaults} apply.
   */
  public static Task custom(String name, RegressionDataset train, RegressionDataset test) {
    return custom(name, train, test, null);
  }

  /** Like {@link #custom(String, RegressionDataset, RegressionDataset)}, for image inputs. */
  public static Task custom(String name, RegressionDataset train, RegressionDataset test,
      ImageNormalisation images) {
    float[][] range = train.targetRange();
    int d = train.targetDim();
    float[] lo = new float[d];
    float[] hi = new float[d];
    float[] width = new float[d];
    for (int k = 0; k < d; k++) {
      width[k] = Math.max(1e-3f, range[1][k] - range[0][k]);
      float pad = 0.1f * width[k];
      lo[k] = range[0][k] - pad;
      hi[k] = range[1][k] + pad;
    }
    return new Task(name, train, test, new TargetGrid(lo, hi, d == 1 ? 4096 : d == 2 ? 100 : 30), false, images,
        userDefaults(images != null, width), test);
  }

  /**
   * Defaults for a user's own data: inputs (vectors) and targets standardised inside the networks,
   * so any units work; NCE noise σ = 5% and 40% of each target dimension's range; the proposal
   * anchor of {@link UserDataDefaults#PROPOSAL_ANCHOR}.
   * {@link UserDataDefaults} holds the vector networks chosen by measurement.
   */
  private static TaskDefaults userDefaults(boolean images, float[] targetWidths) {
    Architecture arch = images ? Architecture.smallImage() : UserDataDefaults.architecture();
    TrainingSchedule schedule = images ? TrainingSchedule.none() : UserDataDefaults.schedule();
    return new TaskDefaults(arch, true, !images, new float[] {0.05f, 0.4f}, targetWidths, schedule,
        schedule, UserDataDefaults.PROPOSAL_ANCHOR, UserDataDefaults.PATIENCE);
  }

  /**
   * Synthetic road scenes ({@link RoadScenes}) of {@code side × side} pixels with the steering
   * angle as target: 3000 training and 500 test images, scored by grid NLL on 4096 angles in
   * [-40, 40] degrees. The task name is {@code steering}, which the stream app's frames carry.
   */
  public static Task roads(int side) {
    return new Task("steering", RoadScenes.dataset(3000, side, 1), RoadScenes.dataset(500, side, 2),
        TargetGrid.of1d(-40f, 40f, 4096), false, ImageNormalisation.IMAGENET, roadDefaults(),
        RoadScenes.dataset(SCENE_VALIDATION_IMAGES, side, 3));
  }

  /**
   * Synthetic heads ({@link HeadScenes}) of {@code side × side} pixels with (yaw, pitch, roll) in
   * degrees as target: {@code trainSize} training and {@code testSize} test images, scored by grid
   * NLL on 30 × 30 × 30 poses in [-80, 80]³ as in the paper's head-pose experiment. The task name
   * is {@code headpose}.
   */
  public static Task heads(int side, int trainSize, int testSize) {
    return new Task("headpose", HeadScenes.dataset(trainSize, side, 1), HeadScenes.dataset(testSize, side, 2),
        new TargetGrid(new float[] {-80f, -80f, -80f}, new float[] {80f, 80f, 80f}, 30), false,
        ImageNormalisation.IMAGENET, headDefaults(), HeadScenes.dataset(Math.min(SCENE_VALIDATION_IMAGES, testSize), side, 3));
  }

  /**
   * The synthetic roads: fully connected features and targets in raw degrees, the measured best
   * (BENCHMARKS.md, "How the image defaults were chosen").
   */
  private static TaskDefaults roadDefaults() {
    return new TaskDefaults(Architecture.smallImage().withBackbone(Backbone.MLP), false, false,
        CAMERA_NOISE, null, TrainingSchedule.none());
  }

  /**
   * The synthetic heads: the small CNN on standardised targets, with the schedule of
   * {@link #HEAD_SCHEDULE} (BENCHMARKS.md, "How the image defaults were chosen").
   */
  private static TaskDefaults headDefaults() {
    return new TaskDefaults(Architecture.smallImage(), true, false, CAMERA_NOISE, null, HEAD_SCHEDULE,
        HEAD_TEACHER_SCHEDULE, 0f, 0);
  }

  /**
   * The head-pose schedule: 3 epochs of proposal warm-up (without it the proposal stays at the
   * marginal of y), then the shared features frozen to epoch 6 while the energy head settles on
   * them; chosen by the runs of BENCHMARKS.md, "The learned proposal on head pose, the training
   * schedule".
   */
  static final TrainingSchedule HEAD_SCHEDULE = new TrainingSchedule(3, 6, null);

  /**
   * The head-pose schedule of the MDN with an EBM teacher: the same warm-up, then its EBM's own
   * feature net (a copy of the warmed-up one) frozen to epoch 6 while the energy head settles
   * (without the freeze the first steps of a fresh head scramble the copied features; same section).
   */
  static final TrainingSchedule HEAD_TEACHER_SCHEDULE = new TrainingSchedule(3, 6, null);

  /** The task's test data, if it has any. */
  public Optional<RegressionDataset> testData() {
    return Optional.ofNullable(test);
  }

  /** Metric name: the temperature the EBM was scored and is served at. */
  public static final String TEMPERATURE = "temperature";
  /** Prefix of the metrics of the trained EBM before its calibration ({@code uncalibrated_coverage_90}). */
  public static final String UNCALIBRATED = "uncalibrated_";

  /**
   * All metrics that apply to {@code model} on this task, scored at the evaluator's temperature;
   * when that is not 1, also the temperature and the EBM's KL, test NLL and 90% coverage before it
   * ({@link #UNCALIBRATED}).
   */
  public Map<String, Double> evaluate(ProbabilisticRegressor model, EnergyEvaluator evaluator) {
    Map<String, Double> metrics = scores(model, evaluator);
    if (evaluator.temperature() != 1.0) {
      EnergyEvaluator raw = evaluator.withTemperature(1.0);
      metrics.put(TEMPERATURE, evaluator.temperature());
      if (knownTruth) {
        metrics.put(UNCALIBRATED + KL, ToyKl.of(raw));
      }
      if (test != null) {
        metrics.put(UNCALIBRATED + TEST_NLL_EBM, GridNll.of(model, test, grid, raw));
        Map<String, Double> coverage = IntervalCoverage.of(model, test, raw);
        for (double level : CentralIntervals.LEVELS) {
          metrics.put(UNCALIBRATED + IntervalCoverage.name(level), coverage.get(IntervalCoverage.name(level)));
        }
      }
    }
    return metrics;
  }

  private Map<String, Double> scores(ProbabilisticRegressor model, EnergyEvaluator evaluator) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (knownTruth && model.spec().energy()) {
      metrics.put(KL, ToyKl.of(evaluator));
    }
    if (test != null && model.spec().energy()) {
      metrics.put(TEST_NLL_EBM, GridNll.of(model, test, grid, evaluator));
    }
    if (test != null && model.spec().hasProposal()) {
      metrics.put(TEST_NLL_MDN, MdnNllEvaluation.of(evaluator, test));
    }
    if (model.spec().energy() && model.spec().hasProposal()) {
      metrics.putAll(ProposalHealth.of(model, test != null ? test : train, grid, evaluator));
      if (test != null) {
        metrics.putAll(IntervalCoverage.of(model, test, evaluator));
      }
    }
    return metrics;
  }
}
