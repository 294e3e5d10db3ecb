package io.ebmperception.stream.cli;

import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.CentralIntervals;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.stream.inference.Recalibration;
import io.ebmperception.stream.recording.LabelledInputs;
import io.ebmperception.stream.ops.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recalibrate}: fits a bundle's temperature again on labelled data from its deployment. */
@Command(name = "recalibrate", mixinStandardHelpOptions = true,
    header = "Fit a bundle's calibration again on labelled data from its deployment (a new bundle version).",
    description = {
      "Serves the labelled inputs through the bundle's graphs as the app does (the same image path, M "
          + "proposal samples per input), fits the temperature T of p(y|x) ∝ exp(f(x, y) / T) by the NLL of "
          + "the labels, and writes the bundle under a new version with that calibration. Written into the "
          + "served folder (the default), a running app rolls it out at its next model check, with no restart. "
          + "The trust thresholds are left as they are: the verdict is judged on the trained energy.",
      "",
      "Labelled data: a recording (--video, a video file or image folder) with its label table "
          + "(--labels, frame,<targets>), or --data, a CSV that `record` wrote (file,<targets>,…) or, for a "
          + "vector model, the inputs and the bundle's target columns."
    })
final class RecalibrateCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "The bundle to recalibrate.")
  Path bundle;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the labelled inputs come from. */
  static final class Source {
    @ArgGroup(exclusive = false)
    Recording recording;

    @Option(names = "--data", paramLabel = "CSV",
        description = "A CSV of labelled inputs: an image list as record writes it, or vector inputs.")
    Path table;
  }

  /** A recording and its labels. */
  static final class Recording {
    @Option(names = "--video", required = true, paramLabel = "FILE|DIR",
        description = "A recording: a video file or a folder of images.")
    Path video;

    @Option(names = "--labels", required = true, paramLabel = "CSV", description = "Its labels: frame,<targets>.")
    Path labels;
  }

  @Option(names = "--output", paramLabel = "DIR",
      description = "Write the recalibrated bundle here (graphs copied). Default: the bundle's own folder, "
          + "which a running app hot-reloads.")
  Path output;

  @Option(names = "--samples", defaultValue = "" + SamplingDefaults.SAMPLES, paramLabel = "M",
      description = "Proposal samples per input; use the app's samples setting. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--max-inputs", defaultValue = "5000", paramLabel = "N",
      description = "Use at most the first N labelled inputs. Default: ${DEFAULT-VALUE}.")
  int maxInputs;

  @Option(names = "--include-untrusted",
      description = "Fit on every labelled input, also those the bundle's trust verdict flags (default: trusted only).")
  boolean includeUntrusted;

  @Option(names = "--dry-run", description = "Fit and print, write nothing.")
  boolean dryRun;

  @CommandLine.Mixin
  ConfigOptions config;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelBundle model = ModelBundle.load(bundle);
    Manifest manifest = model.manifest();
    if (!manifest.hasEnergy() || !manifest.hasProposal()) {
      throw new IllegalArgumentException(bundle + " has no EBM with a proposal (method " + manifest.method()
          + "): there is no temperature to fit");
    }
    boolean reduced = AppConfig.from(config).get(Settings.REDUCED_DECODING); // decoded as the app is configured to
    LabelledInputs data = source.table != null
        ? LabelledInputs.ofTable(source.table, manifest, reduced, maxInputs)
        : LabelledInputs.ofRecording(source.recording.video, source.recording.labels, manifest, reduced, maxInputs);
    int n = data.size(manifest.targetDim());
    out.printf("recalibrating %s %s (temperature %s) on %s, M = %d%n", manifest.name(), manifest.version(),
        format(manifest.servingTemperature()), data.description(), samples);
    Recalibration.Gathered gathered;
    try (OnnxModel onnx = new OnnxModel(model, ExecutionProvider.CPU, Runtime.getRuntime().availableProcessors())) {
      gathered = new Recalibration(onnx, samples).gather(data.inputs(), data.targets(), done -> { });
    }
    TemperatureScaling.Evidence evidence = gathered.evidence(includeUntrusted);
    if (gathered.untrusted() > 0) {
      out.printf("%d of %d inputs judged untrusted by the bundle's verdict: %s%n", gathered.untrusted(), n,
          includeUntrusted ? "kept (--include-untrusted)" : "left out of the fit (--include-untrusted keeps them)");
    }
    if (evidence.inputs() < TemperatureScaling.MIN_INPUTS) {
      throw new IllegalArgumentException("only " + evidence.inputs() + " trusted labelled inputs; a temperature needs "
          + TemperatureScaling.MIN_INPUTS + " (is this the model's camera?)");
    }
    TemperatureScaling.Fit fit = TemperatureScaling.fit(evidence);
    double[] levels = CentralIntervals.levels();
    double served = manifest.servingTemperature();
    double[] servedCoverage = TemperatureScaling.coverage(evidence, served);
    out.printf("%-28s %10s %10s %10s%n", "", "trained", "served", "refitted");
    out.printf("%-28s %10s %10s %10s%n", "temperature", format(1.0), format(served), format(fit.temperature()));
    out.printf("%-28s %10s %10s %10s%n", "NLL of the labels", format(fit.nllBefore()),
        format(TemperatureScaling.nll(evidence, served)), format(fit.nllAfter()));
    for (int l = 0; l < levels.length; l++) {
      out.printf("%-28s %9.1f%% %9.1f%% %9.1f%%%n",
          String.format(Locale.ROOT, "central %.0f%% interval covers", 100 * levels[l]), 100 * fit.coverageBefore()[l],
          100 * servedCoverage[l], 100 * fit.coverageAfter()[l]);
    }
    int ninety = CentralIntervals.indexOf(0.9);
    out.printf("%-28s %9.1f%% %9.1f%% %9.1f%%%n", "joint 90% region covers",
        100 * TemperatureScaling.regionCoverage(evidence, 1.0)[ninety],
        100 * TemperatureScaling.regionCoverage(evidence, served)[ninety],
        100 * TemperatureScaling.regionCoverage(evidence, fit.temperature())[ninety]);
    if (TemperatureScaling.atBound(fit.temperature())) {
      out.printf("warning: the temperature is at the end of its range (%s to %s): the labels are far from what "
          + "this model predicts; check that they belong to its camera and task before rolling it out%n",
          TemperatureScaling.MIN_TEMPERATURE, TemperatureScaling.MAX_TEMPERATURE);
    }
    if (dryRun) {
      out.println("dry run: nothing written");
      return 0;
    }
    String version = Manifest.versionAt(Instant.now());
    if (version.equals(manifest.version())) {
      throw new IllegalArgumentException(bundle + " was written this second; recalibrate it a second later");
    }
    Manifest next = manifest.withCalibration(fit.toSpec(data.description() + " (" + evidence.inputs() + " inputs fitted)",
        manifest.version()), version);
    Path target = output == null ? bundle : output;
    copyGraphs(manifest, target);
    BundleLayout.writeManifest(next, target);
    out.printf("wrote %s version %s to %s%s%n", next.name(), version, target,
        output == null ? " (a running app serving this folder rolls it out at its next model check)" : "");
    return 0;
  }

  /** Copies the graphs of {@code manifest} from the bundle into {@code target} (nothing when they are the same folder). */
  private void copyGraphs(Manifest manifest, Path target) {
    try {
      Files.createDirectories(target);
      if (Files.isSameFile(bundle, target)) {
        return;
      }
      for (String role : manifest.graphs().keySet()) {
        Path graph = BundleLayout.graph(bundle, manifest, role);
        Files.copy(graph, target.resolve(graph.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bundle to " + target, e);
    }
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
