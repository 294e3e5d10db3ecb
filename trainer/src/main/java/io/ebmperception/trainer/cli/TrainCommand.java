package io.ebmperception.trainer.cli;

import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.trainer.data.ScaleCropAugmentation;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.Backbone;
import io.ebmperception.trainer.run.Experiment;
import io.ebmperception.trainer.run.ExperimentResult;
import io.ebmperception.trainer.run.DemoModel;
import io.ebmperception.trainer.run.EarlierRunDefaults;
import io.ebmperception.trainer.run.Task;
import io.ebmperception.trainer.run.TaskSource;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingSchedule;
import io.ebmperception.trainer.train.WarmStart;
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
    header = "Train one model into a run folder (metrics, checkpoints, plots, bundle).",
    description = {
      "Trains one model and writes a run folder: config.json, metrics.json, loss.csv,",
      "checkpoints/, plots/ (loss curve; density heat maps for 1-D data) and bundle/ (ONNX + manifest)."
    })
final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", defaultValue = "toy1", paramLabel = "toy1|toy2|roads|heads|FILE",
      description = "Training data: toy1 (dataset 1 of the paper, scored by KL), toy2 (dataset 2, "
          + "scored by test NLL), roads or roads-N (synthetic road scenes of 32 or N pixels, steering "
          + "angle), heads or heads-N (synthetic heads of 64 or N pixels, yaw/pitch/roll), or a file: "
          + "a CSV with a header, an image list (CSV with a 'file' column), a CcGAN .h5 or a BIWI .npz. "
          + "Default: ${DEFAULT-VALUE}.")
  String data;

  @Option(names = "--test-data", paramLabel = "FILE.csv",
      description = "Test CSV for user data (same columns); toy2 brings its own.")
  Path testData;

  @Option(names = "--image-size", paramLabel = "PIXELS",
      description = "Side the images of an image list are resized to. Default: with --init-from, the "
          + "earlier run's input size (so its weights fit); otherwise 64.")
  Integer imageSize;

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

  @Option(names = {"-M", "--samples"}, defaultValue = "" + SamplingDefaults.SAMPLES,
      description = "Samples per example for NCE / importance sampling. Default: ${DEFAULT-VALUE}, or with "
          + "--init-from the earlier run's.")
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
      description = "First noise std of nce / ml-is. Default: 0.1 (toy1), 0.4 (toy2), 5%% of each target dimension's range (your data).")
  Float sigma1;

  @Option(names = "--sigma2", paramLabel = "σ2",
      description = "Second noise std of nce / ml-is. Default: 8 × σ1, as in the paper. Given σ are in "
          + "the data's units, the same for every target dimension.")
  Float sigma2;

  @Option(names = "--architecture", paramLabel = "toy|small-image|image",
      description = "Layer widths: toy (the paper's 1-D networks, width 10), small-image (a quick CPU "
          + "head), image (the paper's image head: y-branch 16-32-64-128, joint 512). Default: toy for "
          + "vector data, small-image for images.")
  String architecture;

  @Option(names = "--width", paramLabel = "N",
      description = "Hidden width of every layer of the vector networks (the toy architecture with "
          + "width N). Default: 10 for toy1/toy2 (the paper's), 32 for your own tables (measured, see "
          + "BENCHMARKS.md).")
  Integer width;

  @Option(names = "--backbone", paramLabel = "mlp|cnn|resnet18",
      description = "Feature net for images: cnn (small, fast on CPU), resnet18 (DJL's model zoo, "
          + "trained from scratch) or mlp (fully connected on the flattened image). Default: cnn for "
          + "images (mlp for the synthetic roads), resnet18 with --architecture image, mlp for vectors.")
  String backbone;

  @Option(names = "--augment", paramLabel = "none|scale-crop",
      description = "Augmentation of training images: scale-crop (random zoom 0.7-1.4 and crop, the "
          + "reference's head-pose augmentation) or none. Default: none (in short CPU trainings "
          + "scale-crop measured worse test NLL on the synthetic heads; see BENCHMARKS.md).")
  String augment;

  @Option(names = "--standardise-targets", negatable = true,
      description = "Let the networks work on standardised targets (densities stay in the data's "
          + "units). Default: on for heads and your own data, off for roads and the paper's toy1/toy2.")
  Boolean standardiseTargets;

  @Option(names = "--standardise-inputs", negatable = true,
      description = "Standardise vector inputs inside the networks (the statistics go into the ONNX "
          + "graph, so callers pass raw inputs). Default: on for your own data, off for toy1/toy2.")
  Boolean standardiseInputs;

  @Option(names = "--proposal-warmup", paramLabel = "EPOCHS",
      description = "Train only the MDN proposal, by its NLL, for the first EPOCHS epochs (its gradient "
          + "also trains the features it reads), then the method's losses. Default: 3 for heads (nce+kl, "
          + "ml-is+kl, mdn-teacher; at most half the run), 0 elsewhere and for methods without an MDN.")
  Integer proposalWarmup;

  @Option(names = "--freeze-features", paramLabel = "EPOCH",
      description = "Keep the feature nets fixed after the warm-up up to this epoch (1-based), so the "
          + "heads settle on features that do not move. Default: 6 on heads (nce+kl, ml-is+kl, mdn-teacher), "
          + "0 elsewhere.")
  Integer freezeFeatures;

  @Option(names = "--init-from", paramLabel = "RUN",
      description = "Start from the final checkpoint of an earlier run folder instead of fresh "
          + "weights (a stand-in for pre-trained features).")
  Path initFrom;

  @Option(names = "--resume", paramLabel = "RUN",
      description = "Continue an interrupted run folder from its latest checkpoint, with the data and "
          + "settings it was started with (no other option applies), to the same final weights as a "
          + "run that was never interrupted.")
  Path resume;

  @Option(names = "--init-parts", defaultValue = "features", paramLabel = "features|all",
      description = "What --init-from copies: features (the earlier feature net, into every feature "
          + "net; works across methods) or all (every parameter with the same name and shape, for "
          + "fine-tuning the same kind of model: the earlier run's architecture and backbone are then "
          + "the defaults). Default: ${DEFAULT-VALUE}.")
  String initParts;

  @Option(names = "--proposal-anchor", paramLabel = "β",
      description = "Joint methods: add β × the MDN's NLL of the true targets to its J_KL, so the "
          + "proposal cannot drift away from modes of the data it stopped sampling. Default: 0 (the "
          + "paper's objective); an option to try when a run's proposal_ess_fraction is low.")
  Float proposalAnchor;

  @Option(names = "--threads", defaultValue = "1",
      description = "Native threads of the engine. Default: 1, recorded in the run's config; more is "
          + "faster on big image batches, but a seed then no longer gives the same model bit for "
          + "bit in every process.")
  int threads;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Run folder. Default: runs/<data>-<method>-<time>.")
  Path output;

  @Option(names = "--checkpoint-every", defaultValue = "25", paramLabel = "EPOCHS",
      description = "Also save a checkpoint every N epochs (0: only the final one). Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--no-progress", description = "No progress bar (for logs and CI).")
  boolean noProgress;

  @Option(names = "--patience", paramLabel = "EPOCHS",
      description = "Early stopping: end training when the validation NLL has not improved for this many epochs, "
          + "keeping the best epoch (0: train every epoch). Default: 5 for your own data, 0 for the built-in tasks "
          + "(the paper's protocols train a fixed number of epochs).")
  Integer patience;

  @Option(names = "--demo", paramLabel = "steering|headpose",
      description = "Train the demo's model with the recipe ./ebm demo uses (its data, epochs and M; no "
          + "checkpoints unless --checkpoint-every is given); combine with any option but --data, --epochs and --samples.")
  String demo;

  @Override
  public Integer call() {
    if (resume != null) {
      List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
          .map(o -> o.longestName()).filter(n -> !n.equals("--resume") && !n.equals("--no-progress")).toList();
      if (!others.isEmpty()) {
        throw new IllegalArgumentException("--resume continues a run with its own settings; drop "
            + String.join(", ", others));
      }
      return report(Experiment.resume(resume, !noProgress));
    }
    if (demo != null) {
      applyDemoRecipe(DemoModel.of(demo));
    }
    EarlierRunDefaults earlier = EarlierRunDefaults.from(initFrom);
    TaskSource source = new TaskSource(data, testData == null ? null : testData.toString(),
        xColumns, yColumns, earlier.imageSize(imageSize));
    Task task = source.resolve();
    Method chosen = Method.parse(method);
    TrainingConfig.Builder builder = task.defaults().apply(TrainingConfig.builder(), chosen)
        .components(components)
        .samples(earlier.samples(spec.commandLine().getParseResult().hasMatchedOption("--samples") ? samples : null,
            samples))
        .epochs(epochs).batchSize(batchSize)
        .learningRate(learningRate).seed(seed).threads(threads)
        .architecture(architecture(task, earlier))
        .augmentation(augmentation());
    if (sigma1 != null || sigma2 != null) {
      float s1 = sigma1 != null ? sigma1 : task.defaults().noiseSigmas()[0];
      builder.noiseSigmas(s1, sigma2 != null ? sigma2 : 8 * s1).noiseScales(null);
    }
    if (standardiseTargets != null) {
      builder.standardiseTargets(standardiseTargets);
    }
    if (standardiseInputs != null) {
      builder.standardiseInputs(standardiseInputs);
    }
    if (proposalAnchor != null) {
      builder.proposalAnchor(proposalAnchor);
    }
    builder.schedule(schedule(task.defaults().schedule(chosen).fitTo(epochs)));
    TrainingConfig config = builder.build();
    Path dir = output != null ? output : Path.of("runs", task.name() + "-"
        + config.method().id().replace('+', '-') + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return report(Experiment.builder().source(source).task(task).config(config)
        .output(dir).progress(!noProgress).checkpointEvery(checkpointEvery).patience(patience).build().run());
  }

  /** Takes data, epochs, M and (unless given) the checkpoint interval from the demo's recipe. */
  private void applyDemoRecipe(DemoModel recipe) {
    List<String> clashing = spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName())
        .filter(n -> n.equals("--data") || n.equals("--epochs") || n.equals("--samples")).toList();
    if (!clashing.isEmpty()) {
      throw new IllegalArgumentException("--demo " + demo + " sets the data, epochs and M itself; drop "
          + String.join(", ", clashing));
    }
    data = recipe.data();
    epochs = recipe.epochs();
    samples = recipe.samples();
    if (!spec.commandLine().getParseResult().hasMatchedOption("--checkpoint-every")) {
      checkpointEvery = 0;
    }
  }

  private int report(ExperimentResult result) {
    spec.commandLine().getOut().println("run folder: " + result.folder().root());
    result.metrics().forEach((k, v) -> spec.commandLine().getOut().printf("%s = %.4f%n", k, v));
    spec.commandLine().getOut().printf("training: %d steps in %.1f s (%.1f steps/s)%n", result.training().steps(),
        result.training().wallSeconds(), result.training().stepsPerSecond());
    return 0;
  }

  /** The task's default schedule with the flags given on the command line. */
  private TrainingSchedule schedule(TrainingSchedule defaults) {
    TrainingSchedule s = new TrainingSchedule(
        proposalWarmup != null ? proposalWarmup : defaults.proposalWarmup(),
        freezeFeatures != null ? freezeFeatures : defaults.freezeFeatures(), defaults.warmStart());
    if (initFrom != null) {
      s = s.withWarmStart(new WarmStart(initFrom.toString(), WarmStart.Parts.parse(initParts)));
    }
    return s;
  }

  /** The architecture flags over {@link EarlierRunDefaults#architecture}. */
  private Architecture architecture(Task task, EarlierRunDefaults earlier) {
    if (width != null && (architecture != null || task.images() != null)) {
      throw new IllegalArgumentException("--width sets the vector networks; it does not combine with "
          + "--architecture or image data");
    }
    Architecture a = earlier.architecture(width != null ? Architecture.vector(width)
        : architecture != null ? architecture(architecture) : null, WarmStart.Parts.parse(initParts), task);
    if (backbone != null) {
      Backbone b = Backbone.of(backbone);
      if (b != Backbone.MLP && task.images() == null) {
        throw new IllegalArgumentException("--backbone " + backbone + " needs image data");
      }
      a = a.withBackbone(b);
    }
    return a;
  }

  private ScaleCropAugmentation augmentation() {
    if (augment == null) {
      return null;
    }
    return switch (augment) {
      case "none" -> null;
      case "scale-crop" -> ScaleCropAugmentation.headPose(); // the training loop refuses it for vectors
      default -> throw new IllegalArgumentException("unknown augmentation '" + augment + "'; choose none or scale-crop");
    };
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
}
