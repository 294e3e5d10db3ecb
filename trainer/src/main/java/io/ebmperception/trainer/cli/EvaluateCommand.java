package io.ebmperception.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.ebmperception.trainer.eval.EnergyEvaluator;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.run.Checkpoints;
import io.ebmperception.trainer.run.RunFolder;
import io.ebmperception.trainer.run.RunRecord;
import io.ebmperception.trainer.run.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainer evaluate}: re-evaluates a checkpoint of a run with its task's protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
      "Evaluates a run's checkpoint: KL against the true density (toy1), grid NLL of the EBM and",
      "exact NLL of the MDN on test data (toy2, or the run's --test-data). Writes evaluation.json."
    })
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run folder made by train.")
  Path run;

  @Option(names = "--checkpoint", defaultValue = "final", paramLabel = "NAME",
      description = "Checkpoint name in checkpoints/ (final, epoch-25, ...). Default: ${DEFAULT-VALUE}.")
  String checkpoint;

  @Override
  public Integer call() {
    RunFolder folder = new RunFolder(run);
    RunRecord record = folder.readRecord();
    Path file = folder.checkpoint(checkpoint);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no checkpoint " + file);
    }
    Task task = record.source().resolve();
    try (NDManager manager = NDManager.newBaseManager()) {
      ProbabilisticRegressor model = Checkpoints.load(record.spec(), file, manager);
      Map<String, Double> metrics = task.evaluate(model, new EnergyEvaluator(model, manager));
      metrics.forEach((k, v) -> spec.commandLine().getOut().printf("%s = %.4f%n", k, v));
      RunFolder.writeJson(run.resolve("evaluation-" + checkpoint + ".json"), metrics);
    }
    return 0;
  }
}
