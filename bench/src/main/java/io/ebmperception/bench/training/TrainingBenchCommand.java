package io.ebmperception.bench.training;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.scenes.SyntheticScenes;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.Backbone;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingListener;
import io.ebmperception.trainer.train.TrainingLoop;
import io.ebmperception.trainer.train.TrainingResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ebm bench-train}: training throughput of each image backbone on this machine. */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
    header = "Measure training throughput (images/s) of each image backbone.",
    description = {
      "Measures training throughput (images/s, one Adam step per batch including the method's",
      "M samples) of each image backbone on rendered scenes, after a short warm-up, and prints a",
      "Markdown table for BENCHMARKS.md. Architecture: small-image for mlp and cnn, the paper's",
      "image networks for resnet18 (512-wide heads)."
    })
public final class TrainingBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--backbones", split = ",", defaultValue = "mlp,cnn,resnet18",
      description = "Backbones to measure. Default: ${DEFAULT-VALUE}.")
  List<String> backbones;

  @Option(names = "--scene", defaultValue = "heads", description = "roads or heads. Default: ${DEFAULT-VALUE}.")
  String scene;

  @Option(names = "--size", defaultValue = "64", description = "Image side in pixels. Default: ${DEFAULT-VALUE}.")
  int size;

  @CommandLine.Mixin
  StepShapeOptions shape;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps per backbone. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--threads", description = "Native threads of the engine. Default: one per core "
      + "(a throughput measurement; training itself defaults to one thread for reproducibility).")
  Integer threads;

  @Override
  public Integer call() {
    int nativeThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    shape.check();
    if (steps < 1) {
      throw new IllegalArgumentException("need --steps >= 1");
    }
    SyntheticScenes scenes = SyntheticScenes.of(scene);
    RegressionDataset data = scenes.dataset(steps * shape.batchSize, size, 1);
    RegressionDataset warmUp = scenes.dataset(3 * shape.batchSize, size, 2);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "| backbone | task | image | method | M | batch | images/s | ms/step | threads |%n");
    out.printf("|---|---|---|---|---|---|---|---|---|%n");
    for (String name : backbones) {
      Backbone backbone = Backbone.of(name);
      Architecture arch = backbone == Backbone.RESNET18 ? Architecture.image()
          : Architecture.smallImage().withBackbone(backbone);
      TrainingConfig config = TrainingConfig.builder().method(Method.parse(shape.method)).samples(shape.samples)
          .batchSize(shape.batchSize).epochs(1).architecture(arch).standardiseTargets(true).threads(nativeThreads)
          .build();
      try (NDManager manager = NDManager.newBaseManager()) {
        ProbabilisticRegressor model = TrainingLoop.newModel(config, data, manager);
        TrainingLoop loop = new TrainingLoop(config, TrainingListener.none());
        loop.train(model, warmUp, manager);
        TrainingResult timed = loop.train(model, data, manager);
        double imagesPerSecond = data.size() / timed.wallSeconds();
        out.printf(Locale.ROOT, "| %s | %s | %d×%d | %s | %d | %d | %.1f | %.0f | %s |%n", backbone.id(),
            scenes.task(), size, size, config.method().id(), shape.samples, shape.batchSize, imagesPerSecond,
            1000 * timed.wallSeconds() / timed.steps(), threads());
        out.flush();
      }
    }
    return 0;
  }

  private static String threads() {
    return Integer.toString(io.ebmperception.trainer.train.EngineThreads.current());
  }
}
