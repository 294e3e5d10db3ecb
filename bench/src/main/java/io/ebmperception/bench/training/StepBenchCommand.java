package io.ebmperception.bench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.run.BuiltInTask;
import io.ebmperception.trainer.run.Task;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.Objective;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingLoop;
import io.ebmperception.trainer.train.TrainingPhase;
import io.ebmperception.trainer.train.TrainingStep;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ebm bench-step}: where the time of one training step goes, measured side by side in
 * one process. The training step itself ({@link TrainingStep}, what {@code train} runs) against
 * its parts (forward only; forward and backward) and against a bare DJL step of the same networks
 * on a batch of the same shape (energy net forward on N × (M + 1) random samples, a sum, backward,
 * Adam), so that the overhead of the method (sampling the mixture, its densities, the losses) can
 * be told from the cost of the networks. Rounds alternate the variants so that a noisy machine
 * hits all of them alike.
 */
@Command(name = "bench-step", mixinStandardHelpOptions = true,
    header = "Measure where the time of one training step goes.",
    description = {
      "Times the training step of a method against its parts and against a bare DJL",
      "forward + backward + Adam step of the same networks on a batch of the same shape,",
      "alternating them in rounds on one thread, and prints a Markdown table (ms per step:",
      "median over rounds, and the spread)."
    })
public final class StepBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", defaultValue = "toy1", description = "A built-in task. Default: ${DEFAULT-VALUE}.")
  String data;

  @CommandLine.Mixin
  StepShapeOptions shape;

  @Option(names = "--steps", defaultValue = "50", description = "Steps per variant and round. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--rounds", defaultValue = "5", description = "Rounds. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--threads", defaultValue = "1", description = "Native threads of the engine. Default: ${DEFAULT-VALUE}.")
  int threads;

  private interface Variant {
    void step(int i);
  }

  @Override
  public Integer call() {
    shape.check();
    if (steps < 1 || rounds < 1) {
      throw new IllegalArgumentException("need --steps and --rounds >= 1");
    }
    int samples = shape.samples;
    Task task = BuiltInTask.find(data).orElseThrow(() -> new IllegalArgumentException(
        "unknown built-in task '" + data + "'; built-in tasks: " + BuiltInTask.names())).task(data);
    RegressionDataset train = task.train();
    TrainingConfig config = TrainingConfig.builder().method(Method.parse(shape.method)).samples(samples)
        .batchSize(shape.batchSize).epochs(1).architecture(task.defaults().architecture())
        .standardiseTargets(task.defaults().standardiseTargets()).noiseSigmas(task.defaults().noiseSigmas())
        .threads(threads).build();
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = TrainingLoop.newModel(config, train, manager);
      List<Parameter> parameters = TrainingLoop.trainable(model);
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build();
      ParameterStore store = new ParameterStore(manager, false);
      Objective objective = new Objective(config.method(), samples, config.noise());
      TrainingStep step = new TrainingStep(model, objective, adam, parameters, null, store);
      Random random = new Random(1);
      int n = train.size();
      Map<String, Variant> variants = new LinkedHashMap<>();
      variants.put("training step (" + config.method().id() + ")", i ->
          step.run(TrainingPhase.JOINT, parameters, train, rows(i, n), random, manager));
      variants.put("its forward pass only (sampling, densities, energies, losses)", i -> {
        try (NDManager batch = manager.newSubManager()) {
          int[] rows = rows(i, n);
          objective.loss(model, store, x(batch, train, rows), TrainingStep.targets(batch, train, rows),
              TrainingPhase.JOINT).getFloat();
        }
      });
      variants.put("its forward and backward pass (no Adam)", i -> {
        try (NDManager batch = manager.newSubManager()) {
          int[] rows = rows(i, n);
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(objective.loss(model, store, x(batch, train, rows),
                TrainingStep.targets(batch, train, rows), TrainingPhase.JOINT));
          }
          TrainingStep.clearGradients(parameters);
        }
      });
      if (model.proposal() != null && model.energyModel() != null) {
        variants.put("part of the forward: the mixture's parameters, M samples, log q of samples and target", i -> {
          try (NDManager batch = manager.newSubManager()) {
            int[] rows = rows(i, n);
            NDArray y = TrainingStep.targets(batch, train, rows);
            NDArray features = model.energyFeatures(store, x(batch, train, rows), true);
            var q = model.proposalParameters(store, null, features, true);
            NDArray draws = q.stopGradient().sample(batch, samples);
            q.logDensity(draws).getFloat(0, 0);
            q.logDensity(y.expandDims(1)).getFloat(0, 0);
          }
        });
        variants.put("part of the forward: the energy net on N x (M + 1) samples", i -> {
          try (NDManager batch = manager.newSubManager()) {
            int[] rows = rows(i, n);
            NDArray ys = batch.randomNormal(new Shape(rows.length, samples + 1, train.targetDim()));
            NDArray features = model.energyFeatures(store, x(batch, train, rows), true);
            model.energy(store, features, ys, true).getFloat(0, 0);
          }
        });
      }
      if (model.energyModel() != null) {
        variants.put("bare DJL step: energy net on N x (M + 1) random samples, sum, backward, Adam", i -> {
          try (NDManager batch = manager.newSubManager()) {
            int[] rows = rows(i, n);
            NDArray ys = batch.randomNormal(new Shape(rows.length, samples + 1, train.targetDim()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              NDArray features = model.energyFeatures(store, x(batch, train, rows), true);
              collector.backward(model.energy(store, features, ys, true).sum());
            }
            TrainingStep.update(adam, parameters);
            TrainingStep.clearGradients(parameters);
          }
        });
      }
      Map<String, double[]> ms = new LinkedHashMap<>();
      variants.keySet().forEach(k -> ms.put(k, new double[rounds]));
      for (Variant v : variants.values()) { // warm-up
        for (int i = 0; i < Math.min(20, steps); i++) {
          v.step(i);
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (Map.Entry<String, Variant> e : variants.entrySet()) {
          long t = System.nanoTime();
          for (int i = 0; i < steps; i++) {
            e.getValue().step(r * steps + i);
          }
          ms.get(e.getKey())[r] = (System.nanoTime() - t) / 1e6 / steps;
        }
      }
      out.printf(Locale.ROOT, "%s, %s, M = %d, batch %d, %d thread(s), %d rounds of %d steps%n%n",
          task.name(), config.method().id(), samples, shape.batchSize, threads, rounds, steps);
      out.printf("| variant | ms per step (median) | min - max over rounds | steps/s |%n|---|---|---|---|%n");
      for (Map.Entry<String, double[]> e : ms.entrySet()) {
        double[] v = e.getValue().clone();
        Arrays.sort(v);
        double median = v[v.length / 2];
        out.printf(Locale.ROOT, "| %s | %.2f | %.2f - %.2f | %.1f |%n", e.getKey(), median, v[0], v[v.length - 1],
            1000 / median);
      }
    }
    return 0;
  }

  private int[] rows(int i, int n) {
    int[] rows = new int[shape.batchSize];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = (i * rows.length + k) % n;
    }
    return rows;
  }

  private static NDArray x(NDManager m, RegressionDataset d, int[] rows) {
    return TrainingStep.inputs(m, d, rows, null, null);
  }
}
