package io.ebmperception.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.trainer.eval.EnergyCalibration;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.run.Task;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.run.Artifacts;
import io.ebmperception.trainer.run.RunFolder;
import io.ebmperception.trainer.run.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainer export}: writes the model bundle of a run's checkpoint. */
@Command(name = "export", mixinStandardHelpOptions = true,
    header = "Write a run's model bundle (ONNX graphs + manifest) for the stream app.",
    description = {
      "Writes a model bundle (input.onnx, energy.onnx, manifest.json) from a run's checkpoint;",
      "the stream app loads it. The calibration's temperature and the trust thresholds are fitted",
      "again on the task's validation split. See docs/model-bundle.md."
    })
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  RunCheckpointOptions options;

  @Option(names = "--output", paramLabel = "DIR", description = "Bundle folder. Default: <run>/bundle.")
  Path output;

  @Option(names = "--naive-head",
      description = "Also write energy-naive.onnx, the per-sample graph without the cached x-projection "
          + "(for the stream app's bench command).")
  boolean naiveHead;

  @Override
  public Integer call() {
    RunFolder folder = options.folder();
    RunRecord record = folder.readRecord();
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (Files.isRegularFile(folder.metrics())) {
      RunFolder.read(folder.metrics(), Map.class).forEach((k, v) -> {
        if (v instanceof Number n && !String.valueOf(k).startsWith("train_")) {
          metrics.put(String.valueOf(k), n.doubleValue());
        }
      });
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = folder.loadModel(options.checkpoint, manager);
      Task task = record.source().resolve();
      Manifest.CalibrationSpec calibration = EnergyCalibration.of(model, task.validation(),
          new EnergyEvaluator(model, manager));
      Path bundle = Artifacts.bundle(model, task, record.config(), metrics, calibration,
          output == null ? folder.bundle() : output, naiveHead);
      spec.commandLine().getOut().println("bundle: " + bundle);
    }
    return 0;
  }
}
