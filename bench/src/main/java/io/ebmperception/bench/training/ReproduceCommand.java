package io.ebmperception.bench.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./ebm reproduce table1}: the paper's 1-D experiments, side by side with its numbers. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    header = "Reproduce a table of the paper: table1 (1-D) or images (synthetic tasks).",
    description = {
      "Reproduces a table of the paper. table1: KL on dataset 1 and test NLL on dataset 2 for NCE",
      "with hand-tuned noise and the joint method with K = 1, 4, 16 (75 epochs: about 1.5 min a run",
      "on 2 cores). images: the synthetic steering (roads, 32 px) and head-pose (heads, 64 px)",
      "tasks with each task's default networks (see train --help): NCE over a σ sweep and ours",
      "K = 4 by EBM grid NLL, MDN by NLL and MDN with EBM teacher (K = 4, 8) by MDN NLL, plus two",
      "head-pose rows with the scale-crop augmentation. Writes table.md, table.json and one run",
      "folder per run."
    })
public final class ReproduceCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Which table: table1 or images.")
  String table;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Part of the table: toy1 or toy2 (table1), roads or heads (images). Default: all of it.")
  String dataset;

  @Option(names = "--only", split = ",", paramLabel = "ID",
      description = "Only these settings, e.g. toy1/ours-k4,toy2/nce or heads/nce-s1-40,heads/mdn-teacher-k4 "
          + "(an unknown id lists the valid ones).")
  List<String> only = List.of();

  @Option(names = "--runs", defaultValue = "5",
      description = "Runs (seeds 1..N) per setting; the paper used 20. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--first-seed", defaultValue = "1", paramLabel = "S",
      description = "Seeds S..S+runs-1 (split one table's seeds over processes). Default: ${DEFAULT-VALUE}.")
  int firstSeed;

  @Option(names = "--best", defaultValue = "3",
      description = "Average the best N runs (the paper: 5 of 20). Default: ${DEFAULT-VALUE}.")
  int best;

  @Option(names = "--epochs", defaultValue = "75", description = "Epochs per run. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Output folder. Default: runs/<TABLE>.")
  Path output;

  @Option(names = "--no-progress", description = "No progress bars.")
  boolean noProgress;

  private String requireOneOf(String value, String... allowed) {
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException("--dataset for " + table + " must be one of "
          + List.of(allowed) + ", got " + value);
    }
    return value;
  }

  @Override
  public Integer call() throws Exception {
    String part = switch (table) {
      case "table1" -> dataset == null ? "all" : requireOneOf(dataset, "toy1", "toy2");
      case "images" -> dataset == null ? "images" : requireOneOf(dataset, "roads", "heads");
      default -> throw new IllegalArgumentException("unknown table '" + table + "'; available: table1, images");
    };
    Path out = output != null ? output : Path.of("runs", table);
    List<TableReproduction.Setting> settings = TableReproduction.settings(part, only);
    new TableReproduction(runs, firstSeed, best, epochs, out, !noProgress).run(settings);
    spec.commandLine().getOut().print(Files.readString(out.resolve(TableReproduction.TABLE_FILE + ".md")));
    return 0;
  }
}
