package io.ebmperception.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.eval.EnergyCalibration;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.run.RunFolder;
import io.ebmperception.trainer.run.Task;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trainer evaluate}: re-evaluates a checkpoint of a run with its task's protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    header = "Re-evaluate a run's checkpoint (KL, grid NLL of the EBM, NLL of the MDN).",
    description = {
      "Evaluates a run's checkpoint: KL against the true density (toy1), grid NLL of the EBM and",
      "exact NLL of the MDN on test data (toy2, or the run's --test-data). Writes evaluation.json."
    })
final class EvaluateRunCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  RunCheckpointOptions options;

  @Override
  public Integer call() {
    RunFolder folder = options.folder();
    Task task = folder.readRecord().source().resolve();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = folder.loadModel(options.checkpoint, manager);
      EnergyEvaluator raw = new EnergyEvaluator(model, manager);
      Map<String, Double> metrics = task.evaluate(model,
          EnergyCalibration.apply(EnergyCalibration.of(model, task.validation(), raw), raw));
      metrics.forEach((k, v) -> spec.commandLine().getOut().printf("%s = %.4f%n", k, v));
      RunFolder.writeJson(folder.root().resolve("evaluation-" + options.checkpoint + ".json"), metrics);
    }
    return 0;
  }
}
