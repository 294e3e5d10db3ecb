package io.ebmperception.trainer.run;

import ai.djl.ndarray.NDManager;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.trainer.eval.EnergyCalibration;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.eval.LossPlot;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.EngineThreads;
import io.ebmperception.trainer.train.ResumePoint;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingListener;
import io.ebmperception.trainer.train.TrainingListeners;
import io.ebmperception.trainer.train.TrainingLoop;
import io.ebmperception.trainer.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One complete run: train a model on a task, checkpoint it, evaluate it with the task's protocol,
 * and write metrics, plots and the model bundle into a {@link RunFolder}. A run interrupted after
 * a checkpoint continues with {@link #resume}, to the same result as if it had not stopped.
 */
public final class Experiment {
  private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);
  private final TaskSource source;
  private final Task task;
  private final TrainingConfig config;
  private final RunFolder folder;
  private final boolean progress;
  private final boolean artifacts;
  private final boolean validationCurve;
  private final int checkpointEvery;
  private final int patience;
  /** The last training's validation curve, for loss.csv and the plot (null without validation data). */
  private ValidationCurve curve;

  private Experiment(Builder b) {
    this.source = b.source;
    this.task = b.task != null ? b.task : b.source.resolve();
    this.config = b.config;
    this.folder = new RunFolder(b.output);
    this.progress = b.progress;
    this.artifacts = b.artifacts;
    this.validationCurve = b.validationCurve;
    this.checkpointEvery = b.checkpointEvery;
    this.patience = b.patience != null ? b.patience : task.defaults().patience();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the experiment; the run folder holds everything it made. */
  public ExperimentResult run() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = WarmStarts.newModel(config, task.train(), manager);
      RunFolder.writeJson(folder.config(),
          new RunRecord(source, config, model.spec(), Instant.now().toString(), checkpointEvery));
      LOG.info("training {} on {} ({} pairs), K = {}, M = {}, {} epochs, seed {}, {} thread(s), {} -> {}",
          config.method(), task.name(), task.train().size(), config.components(), config.samples(),
          config.epochs(), config.seed(), config.threads(), config.schedule().describe(), folder.root());
      TrainingResult result = train(model, manager, null);
      return finish(best(model, manager), result, manager);
    }
  }

  /**
   * Continues the interrupted run in {@code dir} from its latest resume point (saved with every
   * checkpoint) to the end of its epochs, with the settings and data it was started with, and
   * finishes it like {@link #run}: the same final weights as an uninterrupted run.
   */
  public static ExperimentResult resume(Path dir, boolean progress) {
    RunFolder folder = new RunFolder(dir);
    RunRecord record = folder.readRecord();
    if (Files.isRegularFile(folder.finalCheckpoint())) {
      throw new IllegalArgumentException(dir + " finished already (it has a final checkpoint)");
    }
    int epoch = folder.latestResumableEpoch();
    if (epoch == 0) {
      throw new IllegalArgumentException(dir + " has no checkpoint to resume from (it stopped before "
          + "its first; checkpoints are saved every --checkpoint-every epochs)");
    }
    Experiment experiment = Experiment.builder().source(record.source()).config(record.config())
        .output(dir).progress(progress).checkpointEvery(record.checkpointEvery()).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      EngineThreads.use(record.config().threads());
      ProbabilisticRegressor model = folder.loadModel("epoch-" + epoch, manager);
      ResumePoint from = ResumePoint.read(folder.resumePoint("epoch-" + epoch));
      LOG.info("resuming {} after epoch {} of {}", dir, epoch, record.config().epochs());
      TrainingResult result = experiment.train(model, manager, from);
      return experiment.finish(experiment.best(model, manager), result, manager);
    }
  }

  private ExperimentResult finish(ProbabilisticRegressor model, TrainingResult result, NDManager manager) {
    long start = System.nanoTime();
    Checkpoints.save(model, folder.finalCheckpoint());
      EnergyEvaluator raw = new EnergyEvaluator(model, manager);
      Manifest.CalibrationSpec calibration = EnergyCalibration.of(model, task.validation(), raw);
      Map<String, Double> metrics = task.evaluate(model, EnergyCalibration.apply(calibration, raw));
      double evaluationSeconds = (System.nanoTime() - start) / 1e9;
      LOG.info("{} on {}: {} steps, {} s, {} steps/s; test metrics:", config.method(), task.name(),
          result.steps(), String.format("%.1f", result.wallSeconds()), String.format("%.1f", result.stepsPerSecond()));
      for (String line : formatLines(metrics, METRICS_PER_LINE)) { // lines a log file reads, not one of 700 characters
        LOG.info("  {}", line);
      }
      Map<String, Object> report = new LinkedHashMap<>(metrics);
      report.put("train_wall_seconds", result.wallSeconds());
      report.put("train_steps", result.steps());
      report.put("train_steps_per_second", result.stepsPerSecond());
      report.put("train_final_epoch_loss", result.finalLoss());
      report.put("train_evaluation_seconds", evaluationSeconds); // after the last epoch: scoring the model
      writeLossCsv(result);
      if (artifacts) {
        long artifactsStart = System.nanoTime();
        LossPlot.write(folder.plot("loss"), config.method() + " on " + task.name(), result.epochLosses(),
            curve == null ? null : curve.metric(), curve == null ? List.of() : curve.nll());
        Artifacts.densityPlots(model, task, folder, manager);
        Artifacts.bundle(model, task, config, metrics, calibration, folder.bundle(), false);
        report.put("train_artifacts_seconds", (System.nanoTime() - artifactsStart) / 1e9);
      }
      RunFolder.writeJson(folder.metrics(), report);
      return new ExperimentResult(folder, result, metrics);
  }

  private TrainingResult train(ProbabilisticRegressor model, NDManager manager, ResumePoint from) {
    int stepsPerEpoch = (task.train().size() + config.batchSize() - 1) / config.batchSize();
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(new TrainingListener() {
      @Override
      public boolean wantsResumePoint(int epoch, int epochs) {
        return checkpointEvery > 0 && epoch % checkpointEvery == 0 && epoch < epochs;
      }

      @Override
      public void onResumePoint(ResumePoint point) {
        // Parameters first: a resume point without its checkpoint is never picked up.
        Checkpoints.save(model, folder.checkpoint("epoch-" + point.epoch()));
        if (curve != null) {
          RunFolder.writeJson(folder.curve("epoch-" + point.epoch()), curve.state());
        }
        point.write(folder.resumePoint("epoch-" + point.epoch()));
      }
    });
    curve = validationCurve && ValidationCurve.applies(task, model)
        ? new ValidationCurve(model, task, manager, patience, folder.checkpoint("best")) : null;
    if (curve != null) {
      if (from != null && Files.isRegularFile(folder.curve("epoch-" + from.epoch()))) {
        curve.restore(RunFolder.read(folder.curve("epoch-" + from.epoch()), ValidationCurve.State.class));
      }
      listeners.add(curve);
    }
    if (!progress) {
      return new TrainingLoop(config, TrainingListeners.of(listeners)).train(model, task.train(), manager, from);
    }
    try (Progress.TrainingListenerHandle bar = Progress.training(config.method() + " " + task.name(),
        (long) stepsPerEpoch * config.epochs(), config.batchSize())) {
      listeners.add(bar);
      return new TrainingLoop(config, TrainingListeners.of(listeners)).train(model, task.train(), manager, from);
    }
  }

  /** The model to finish with: the best epoch's parameters when early stopping kept an earlier one. */
  private ProbabilisticRegressor best(ProbabilisticRegressor trained, NDManager manager) {
    if (curve == null || !curve.restoresBest()) {
      return trained;
    }
    LOG.info("keeping the parameters of epoch {}, the best by {}", curve.bestEpoch(), curve.metric());
    return Checkpoints.load(trained.spec(), curve.bestCheckpoint(), manager);
  }

  private void writeLossCsv(TrainingResult result) {
    List<Double> nll = curve == null ? List.of() : curve.nll();
    List<Double> ess = curve == null ? List.of() : curve.essFractions();
    int offset = result.epochLosses().size() - nll.size(); // 0 unless an older run resumed without its saved curve
    StringBuilder csv = new StringBuilder("epoch,mean_loss" + (curve == null ? "" : "," + curve.metric()
        + ",validation_ess_fraction") + "\n");
    for (int i = 0; i < result.epochLosses().size(); i++) {
      csv.append(i + 1).append(',').append(result.epochLosses().get(i));
      if (curve != null) {
        boolean has = i >= offset;
        csv.append(',').append(has ? String.valueOf(nll.get(i - offset)) : "")
            .append(',').append(has ? String.valueOf(ess.get(i - offset)) : "");
      }
      csv.append('\n');
    }
    try {
      Files.writeString(folder.lossCsv(), csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Metrics per line of the log. */
  private static final int METRICS_PER_LINE = 4;

  /** {@code metrics} as lines of at most {@code perLine} "name = value" pairs. */
  static java.util.List<String> formatLines(Map<String, Double> metrics, int perLine) {
    java.util.List<String> pairs = metrics.entrySet().stream()
        .map(e -> e.getKey() + " = " + String.format("%.4f", e.getValue())).toList();
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.size(); i += perLine) {
      lines.add(String.join(", ", pairs.subList(i, Math.min(pairs.size(), i + perLine))));
    }
    return lines;
  }


  /** Configures an experiment. */
  public static final class Builder {
    private TaskSource source;
    private Task task;
    private TrainingConfig config = TrainingConfig.builder().build();
    private Path output = Path.of("runs", "run");
    private boolean progress = true;
    private boolean artifacts = true;
    private boolean validationCurve = true;
    private int checkpointEvery = 25;
    private Integer patience;

    private Builder() {}

    /** Early stopping: epochs without a better validation NLL before training ends (0: off; default: the task's). */
    public Builder patience(Integer value) {
      patience = value;
      return this;
    }

    /** Where the data comes from (recorded for {@code evaluate}). */
    public Builder source(TaskSource value) {
      source = value;
      return this;
    }

    /** An already loaded task for {@code source} (saves loading it twice). */
    public Builder task(Task value) {
      task = value;
      return this;
    }

    public Builder config(TrainingConfig value) {
      config = value;
      return this;
    }

    public Builder output(Path value) {
      output = value;
      return this;
    }

    /** Show a progress bar on the terminal (default true). */
    public Builder progress(boolean value) {
      progress = value;
      return this;
    }

    /**
     * Score the validation split after every epoch (default true): loss.csv's validation columns,
     * the plot's right axis, early stopping. The paper's table reproductions, which train a fixed
     * number of epochs and never look at the curve, turn it off to keep their time per run.
     */
    public Builder validationCurve(boolean value) {
      validationCurve = value;
      return this;
    }

    /** Write plots and the bundle (default true). */
    public Builder artifacts(boolean value) {
      artifacts = value;
      return this;
    }

    /** Save a checkpoint every N epochs besides the final one; 0 for none (default 25). */
    public Builder checkpointEvery(int value) {
      checkpointEvery = value;
      return this;
    }

    public Experiment build() {
      if (source == null) {
        throw new IllegalStateException("an experiment needs a data source");
      }
      return new Experiment(this);
    }
  }
}
