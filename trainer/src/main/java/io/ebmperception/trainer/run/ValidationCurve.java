package io.ebmperception.trainer.run;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.eval.GridNll;
import io.ebmperception.trainer.eval.MdnNllEvaluation;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What should fall while a model trains, per epoch, on held-out inputs: the validation NLL (the
 * EBM's on the task's grid for D = 1, else the MDN's exact one) and ESS / M of the proposal
 * against the EBM. The training objective itself need not fall: as the proposal sharpens, its
 * noise samples get harder to tell from the data and the NCE objective can rise while the model
 * improves. With a patience, training stops when the validation NLL has not improved for that many
 * epochs, and the best epoch's parameters are kept ({@link #bestCheckpoint}).
 */
final class ValidationCurve implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationCurve.class);
  /** Validation inputs evaluated per epoch (the first ones): enough for a curve, cheap enough per epoch. */
  static final int MAX_INPUTS = 256;
  /** ESS / M is measured with this many proposal samples per input. */
  static final int ESS_SAMPLES = 256;

  private final ProbabilisticRegressor model;
  private final RegressionDataset validation;
  private final Task task;
  private final NDManager manager;
  private final int patience;
  private final Path bestCheckpoint;
  private final List<Double> nll = new ArrayList<>();
  private final List<Double> ess = new ArrayList<>();
  private int bestEpoch;
  private double best = Double.POSITIVE_INFINITY;
  private int lastEpoch;

  /**
   * @param patience       epochs without improvement before stopping (0: never stop early)
   * @param bestCheckpoint where the best epoch's parameters are kept when {@code patience > 0}
   */
  ValidationCurve(ProbabilisticRegressor model, Task task, NDManager manager, int patience, Path bestCheckpoint) {
    this.model = model;
    this.task = task;
    RegressionDataset all = task.validation();
    this.validation = all.size() <= MAX_INPUTS ? all
        : all.subset(IntStream.range(0, MAX_INPUTS).toArray(), all.name() + "-curve");
    this.manager = manager;
    this.patience = patience;
    this.bestCheckpoint = bestCheckpoint;
  }

  /**
   * The curve so far, saved with each resume point so that a resumed run's loss.csv, plot and early
   * stopping continue it as if the run had never stopped.
   *
   * @param nll       validation NLL per epoch
   * @param ess       ESS / M per epoch
   * @param best      the best NLL
   * @param bestEpoch its epoch
   */
  record State(List<Double> nll, List<Double> ess, double best, int bestEpoch) {}

  State state() {
    return new State(List.copyOf(nll), List.copyOf(ess), best, bestEpoch);
  }

  /** Continues the curve of {@code state} (the epochs before a resume point). */
  void restore(State state) {
    nll.clear();
    nll.addAll(state.nll());
    ess.clear();
    ess.addAll(state.ess());
    best = state.best();
    bestEpoch = state.bestEpoch();
    lastEpoch = state.nll().size();
  }

  /** Whether {@code task} has held-out inputs for a curve and {@code model} something to score. */
  static boolean applies(Task task, ProbabilisticRegressor model) {
    return task.validation() != null && (model.spec().energy() && task.grid().dims() == 1 || model.spec().hasProposal());
  }

  /** The name of the validation figure in logs, loss.csv and the plot. */
  String metric() {
    return usesEnergy() ? "validation_nll_ebm" : "validation_nll_mdn";
  }

  private boolean usesEnergy() {
    return model.spec().energy() && task.grid().dims() == 1;
  }

  @Override
  public void onEpoch(EpochSummary summary) {
    try (NDManager local = manager.newSubManager()) {
      EnergyEvaluator evaluator = new EnergyEvaluator(model, local);
      double value = usesEnergy() ? GridNll.of(model, validation, task.grid(), evaluator)
          : MdnNllEvaluation.of(evaluator, validation);
      double fraction = model.spec().energy() && model.spec().hasProposal()
          ? mean(evaluator.essFractions(validation.inputs(), validation.inputShape(), ESS_SAMPLES)) : Double.NaN;
      nll.add(value);
      ess.add(fraction);
      lastEpoch = summary.epoch();
      boolean improved = value < best;
      if (improved) {
        best = value;
        bestEpoch = summary.epoch();
        if (patience > 0) {
          Checkpoints.save(model, bestCheckpoint);
        }
      }
      LOG.info("epoch {}/{}: training objective {}, {} {} (best {} at epoch {}), ESS/M {}", summary.epoch(),
          summary.epochs(), String.format("%.4f", summary.meanLoss()), metric(), String.format("%.4f", value),
          String.format("%.4f", best), bestEpoch, String.format("%.3f", fraction));
    }
  }

  @Override
  public boolean shouldStop(int epoch) {
    boolean stop = patience > 0 && epoch - bestEpoch >= patience;
    if (stop) {
      LOG.info("stopping after epoch {}: {} has not improved for {} epochs; keeping epoch {} ({})", epoch, metric(),
          patience, bestEpoch, String.format("%.4f", best));
    }
    return stop;
  }

  /** Whether the parameters of an earlier epoch than the last should be restored from {@link #bestCheckpoint}. */
  boolean restoresBest() {
    return patience > 0 && bestEpoch > 0 && bestEpoch < lastEpoch;
  }

  Path bestCheckpoint() {
    return bestCheckpoint;
  }

  int bestEpoch() {
    return bestEpoch;
  }

  /** The validation NLL per epoch so far. */
  List<Double> nll() {
    return List.copyOf(nll);
  }

  /** ESS / M per epoch so far (NaN without an EBM and a proposal). */
  List<Double> essFractions() {
    return List.copyOf(ess);
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }

  @Override
  public String toString() {
    return metric() + " " + Arrays.toString(nll.toArray());
  }
}
