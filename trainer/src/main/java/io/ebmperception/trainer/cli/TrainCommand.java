package io.ebmperception.trainer.cli;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.run.Experiment;
import io.ebmperception.trainer.run.ExperimentResult;
import io.ebmperception.trainer.run.Task;
import io.ebmperception.trainer.run.TaskSource;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainer train}: one training run into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
      "Trains one model and writes a run folder: config.json, metrics.json, loss.csv,",
      "checkpoints/, plots/ (loss curve; density heat maps for 1-D data) and bundle/ (ONNX + manifest)."
    })
final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", defaultValue = "toy1", paramLabel = "toy1|toy2|roads|FILE.csv",
      description = "Training data: toy1 (dataset 1 of the paper, scored by KL), toy2 (dataset 2, "
          + "scored by test NLL), roads or roads-N (synthetic road scenes of 32 or N pixels, steering angle) or a CSV "
          + "file with a header. Default: ${DEFAULT-VALUE}.")
  String data;

  @Option(names = "--test-data", paramLabel = "FILE.csv",
      description = "Test CSV for user data (same columns); toy2 brings its own.")
  Path testData;

  @Option(names = "--x-columns", split = ",", paramLabel = "NAME",
      description = "Input columns of the CSV, comma separated. Default: x.")
  List<String> xColumns;

  @Option(names = "--y-columns", split = ",", paramLabel = "NAME",
      description = "Target columns of the CSV, comma separated; their count is D. Default: y.")
  List<String> yColumns;

  @Option(names = "--method", defaultValue = "nce+kl", paramLabel = "NAME",
      description = "Training method: nce, ml-is, nce+kl (the paper's method), ml-is+kl, mdn-nll, "
          + "mdn-teacher. Default: ${DEFAULT-VALUE}.")
  String method;

  @Option(names = {"-K", "--components"}, defaultValue = "4",
      description = "Gaussian components of the MDN proposal. Default: ${DEFAULT-VALUE}.")
  int components;

  @Option(names = {"-M", "--samples"}, defaultValue = "1024",
      description = "Samples per example for NCE / importance sampling. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--epochs", defaultValue = "75", description = "Epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.001",
      description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
  float learningRate;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of initialisation, sampling and data order. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--sigma1", paramLabel = "σ1",
      description = "First noise std of nce / ml-is. Default: 0.1 (toy1), 0.4 (toy2), 5% of the y range (CSV).")
  Float sigma1;

  @Option(names = "--sigma2", paramLabel = "σ2",
      description = "Second noise std of nce / ml-is. Default: 8 × σ1, as in the paper.")
  Float sigma2;

  @Option(names = "--architecture", paramLabel = "toy|small-image|image",
      description = "Layer widths: toy (the paper's 1-D networks, width 10), small-image (a quick CPU "
          + "head), image (the paper's image head: y-branch 16-32-64-128, joint 512). Default: toy for "
          + "vector data, small-image for images.")
  String architecture;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Run folder. Default: runs/<data>-<method>-<time>.")
  Path output;

  @Option(names = "--checkpoint-every", defaultValue = "25", paramLabel = "EPOCHS",
      description = "Also save a checkpoint every N epochs (0: only the final one). Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--no-progress", description = "No progress bar (for logs and CI).")
  boolean noProgress;

  @Override
  public Integer call() {
    TaskSource source = new TaskSource(data, testData == null ? null : testData.toString(),
        xColumns, yColumns);
    Task task = source.resolve();
    float s1 = sigma1 != null ? sigma1 : defaultSigma(task);
    float s2 = sigma2 != null ? sigma2 : 8 * s1;
    TrainingConfig config = TrainingConfig.builder().method(Method.parse(method))
        .components(components).samples(samples).epochs(epochs).batchSize(batchSize)
        .learningRate(learningRate).seed(seed).noiseSigmas(s1, s2)
        .architecture(architecture == null ? task.defaultArchitecture() : architecture(architecture))
        .build();
    Path dir = output != null ? output : Path.of("runs", task.name() + "-"
        + config.method().id().replace('+', '-') + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    ExperimentResult result = Experiment.builder().source(source).task(task).config(config)
        .output(dir).progress(!noProgress).checkpointEvery(checkpointEvery).build().run();
    spec.commandLine().getOut().println("run folder: " + result.folder().root());
    result.metrics().forEach((k, v) -> spec.commandLine().getOut().printf("%s = %.4f%n", k, v));
    spec.commandLine().getOut().printf("training: %d steps in %.1f s (%.1f steps/s)%n", result.training().steps(),
        result.training().wallSeconds(), result.training().stepsPerSecond());
    return 0;
  }

  private static Architecture architecture(String name) {
    return switch (name) {
      case "toy" -> Architecture.toy();
      case "small-image" -> Architecture.smallImage();
      case "image" -> Architecture.image();
      default -> throw new IllegalArgumentException(
          "unknown architecture '" + name + "'; choose toy, small-image or image");
    };
  }

  private static float defaultSigma(Task task) {
    return switch (task.name()) {
      case "toy1" -> 0.1f;
      case "toy2" -> 0.4f;
      case "steering" -> 1f;
      default -> {
        float[][] r = task.train().targetRange();
        yield Math.max(1e-3f, 0.05f * (r[1][0] - r[0][0]));
      }
    };
  }
}
