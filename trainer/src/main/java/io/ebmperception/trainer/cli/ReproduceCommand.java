package io.ebmperception.trainer.cli;

import io.ebmperception.trainer.run.Table1Reproduction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer reproduce table1}: the paper's 1-D experiments, side by side with its numbers. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {
      "Reproduces a table of the paper. table1: KL on dataset 1 and test NLL on dataset 2 for NCE",
      "with hand-tuned noise and the joint method with K = 1, 4, 16. Writes table1.md, table1.json",
      "and one run folder per run. 75 epochs take about 1.5 min a run on 2 cores."
    })
final class ReproduceCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Which table: table1.")
  String table;

  @Option(names = "--dataset", defaultValue = "all", paramLabel = "toy1|toy2|all",
      description = "Which half of the table. Default: ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--only", split = ",", paramLabel = "ID",
      description = "Only these settings, e.g. toy1/ours-k4,toy2/nce (ids: <dataset>/nce, <dataset>/ours-k<K>).")
  List<String> only = List.of();

  @Option(names = "--runs", defaultValue = "5",
      description = "Runs (seeds 1..N) per setting; the paper used 20. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--best", defaultValue = "3",
      description = "Average the best N runs (the paper: 5 of 20). Default: ${DEFAULT-VALUE}.")
  int best;

  @Option(names = "--epochs", defaultValue = "75", description = "Epochs per run. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--output", defaultValue = "runs/table1", paramLabel = "DIR",
      description = "Output folder. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(names = "--no-progress", description = "No progress bars.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (!"table1".equals(table)) {
      throw new IllegalArgumentException("unknown table '" + table + "'; available: table1");
    }
    List<Table1Reproduction.Setting> settings = Table1Reproduction.settings(dataset, only);
    new Table1Reproduction(runs, best, epochs, output, !noProgress).run(settings);
    spec.commandLine().getOut().print(Files.readString(output.resolve("table1.md")));
    return 0;
  }
}
