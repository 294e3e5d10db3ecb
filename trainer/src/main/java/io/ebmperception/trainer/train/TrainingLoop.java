package io.ebmperception.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.ebmperception.schemas.sampling.Shuffle;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.InputScaling;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ParameterCopy;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.model.ProposalMode;
import io.ebmperception.trainer.model.TargetScaling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one training loop shared by every {@link Method}: shuffled mini-batches, one backward pass
 * of the method's {@link Objective}, one Adam step on the parameters the epoch's
 * {@link TrainingPhase} trains (all of them, unless the {@link TrainingSchedule} warms the
 * proposal up or freezes the feature nets). Each epoch seeds the engine and the data order from
 * the run's seed and its own number, so a run continued from a {@link ResumePoint} takes exactly
 * the steps the uninterrupted run takes.
 */
public final class TrainingLoop {
  private final TrainingConfig config;
  private final TrainingListener listener;

  public TrainingLoop(TrainingConfig config, TrainingListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /**
   * Trains {@code model} (already initialised, e.g. by {@link #newModel}) on {@code data}.
   *
   * @throws DivergenceException if the loss becomes NaN or infinite
   */
  public TrainingResult train(ProbabilisticRegressor model, RegressionDataset data, NDManager manager) {
    return train(model, data, manager, null);
  }

  /**
   * Continues training {@code model} (holding the parameters saved with {@code resume}) after the
   * epochs {@code resume} finished; null starts at epoch 1.
   */
  public TrainingResult train(ProbabilisticRegressor model, RegressionDataset data, NDManager manager,
      ResumePoint resume) {
    if (config.augmentation() != null && data.inputShape().length != 3) {
      throw new IllegalArgumentException("scale-and-crop augmentation needs image inputs [C, H, W]");
    }
    List<Parameter> parameters = trainable(model);
    Set<String> featureIds = ids(model.featureNet(), model.proposalFeatureNet());
    Set<String> warmupIds = model.proposal() == null ? java.util.Set.of()
        : ids(model.proposal(), model.spec().proposal() == ProposalMode.JOINT
            ? model.featureNet() : model.proposalFeatureNet());
    TrainingSchedule schedule = config.schedule();
    CheckpointedAdam adam = new CheckpointedAdam(config.learningRate()).nameParameters(model);
    int first = 1;
    List<Double> epochLosses = new ArrayList<>();
    if (resume != null) {
      if (resume.epoch() >= config.epochs()) {
        throw new IllegalArgumentException("the run already finished its " + config.epochs() + " epochs");
      }
      resume.restore(adam, manager);
      first = resume.epoch() + 1;
      epochLosses.addAll(resume.epochLosses());
    }
    Objective objective = new Objective(config.method(), config.samples(), config.noise(),
        config.proposalAnchor());
    TrainingStep step = new TrainingStep(model, objective, adam, parameters, config.augmentation(),
        new ParameterStore(manager, false));
    int n = data.size();
    int stepsPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
    long start = System.nanoTime();
    int steps = 0;
    for (int epoch = first; epoch <= config.epochs(); epoch++) {
      long epochSeed = epochSeed(config.seed(), epoch);
      Engine.getInstance().setRandomSeed((int) epochSeed);
      Random order = new Random(epochSeed);
      TrainingPhase phase = TrainingPhase.of(schedule, epoch);
      List<Parameter> updated = switch (phase) {
        case PROPOSAL_WARMUP -> parameters.stream().filter(p -> warmupIds.contains(p.getId())).toList();
        case FEATURES_FROZEN -> parameters.stream().filter(p -> !featureIds.contains(p.getId())).toList();
        case JOINT -> parameters;
      };
      int[] permutation = Shuffle.permutation(n, order);
      double lossSum = 0;
      long epochStart = System.nanoTime();
      if (phase != TrainingPhase.PROPOSAL_WARMUP && schedule.warmingUp(epoch - 1)) {
        shareWarmedUpFeatures(model);
      }
      for (int b = 0; b < stepsPerEpoch; b++) {
        int from = b * config.batchSize();
        int[] rows = Arrays.copyOfRange(permutation, from, Math.min(n, from + config.batchSize()));
        float loss = step.run(phase, updated, data, rows, order, manager);
        if (!Float.isFinite(loss)) {
          throw new DivergenceException("loss became " + loss + " at epoch " + epoch + ", step "
              + (b + 1) + "; try a smaller learning rate");
        }
        lossSum += loss;
        steps++;
        listener.onStep(epoch, b + 1, stepsPerEpoch, loss);
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      epochLosses.add(lossSum / stepsPerEpoch);
      listener.onEpoch(new TrainingListener.EpochSummary(
          epoch, config.epochs(), lossSum / stepsPerEpoch, n / seconds));
      if (listener.wantsResumePoint(epoch, config.epochs())) {
        listener.onResumePoint(new ResumePoint(epoch, epochLosses, ResumePoint.capture(adam)));
      }
      if (listener.shouldStop(epoch)) {
        break;
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new TrainingResult(epochLosses, steps, wall, steps / wall);
  }

  /** The seed of one epoch's randomness: a mix of the run's seed and the epoch number. */
  static long epochSeed(long seed, int epoch) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return (z ^ (z >>> 29)) & 0x7FFFFFFFL;
  }

  /**
   * At the end of the warm-up, an EBM with a feature net of its own (the MDN-with-teacher model)
   * starts from the features the warm-up trained, as both of the reference's nets start from the
   * same ImageNet features. The joint model shares one feature net, so there is nothing to copy.
   */
  private static void shareWarmedUpFeatures(ProbabilisticRegressor model) {
    if (model.featureNet() != null && model.proposalFeatureNet() != null) {
      ParameterCopy.byName(model.proposalFeatureNet(), model.featureNet(), true);
    }
  }

  /** The parameters a step trains (batch norm's running statistics are not), gradients switched on. */
  public static List<Parameter> trainable(ProbabilisticRegressor model) {
    List<Parameter> parameters = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      if (p.getValue().requiresGradient()) { // batch norm's running statistics are not trained
        p.getValue().getArray().setRequiresGradient(true);
        parameters.add(p.getValue());
      }
    }
    return parameters;
  }

  /** The ids of all parameters of the given blocks (null blocks are skipped). */
  private static Set<String> ids(Block... blocks) {
    Set<String> out = new HashSet<>();
    for (Block b : blocks) {
      if (b != null) {
        b.getParameters().forEach(p -> out.add(p.getValue().getId()));
      }
    }
    return out;
  }

  /** The batch shape {@code [rows, inputShape...]}. */
  public static Shape inputShape(int rows, RegressionDataset data) {
    long[] dims = new long[data.inputShape().length + 1];
    dims[0] = rows;
    System.arraycopy(data.inputShape(), 0, dims, 1, data.inputShape().length);
    return new Shape(dims);
  }

  /**
   * A freshly initialised model for {@code data} under {@code config}; seeds the engine first so
   * that the same seed gives the same weights.
   */
  public static ProbabilisticRegressor newModel(TrainingConfig config, RegressionDataset data,
      NDManager manager) {
    return newModel(config, data, manager, spec -> spec);
  }

  /** Like {@link #newModel(TrainingConfig, RegressionDataset, NDManager)}, with a last change of the spec. */
  public static ProbabilisticRegressor newModel(TrainingConfig config, RegressionDataset data,
      NDManager manager, UnaryOperator<ModelSpec> adjust) {
    EngineThreads.use(config.threads());
    Engine.getInstance().setRandomSeed((int) config.seed());
    ModelSpec spec = config.method().modelSpec(
        data.inputShape(), data.targetDim(), config.components(), config.architecture());
    if (config.standardiseTargets()) {
      spec = spec.withTargets(TargetScaling.standardising(data.targets(), data.targetDim()));
    }
    if (config.standardiseInputs() && data.inputShape().length == 1) {
      spec = spec.withInputs(InputScaling.standardising(data.inputs(), (int) data.inputShape()[0]));
    }
    ProbabilisticRegressor model = ProbabilisticRegressor.of(adjust.apply(spec));
    model.initialize(manager);
    return model;
  }
}
