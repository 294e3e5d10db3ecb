package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.bench.BenchCli;
import io.ebmperception.stream.cli.StreamCli;
import io.ebmperception.trainer.cli.TrainerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help}, of the trainer, the stream app and the bench, prints its usage and
 * nothing on stderr (picocli warns there, e.g. about an unescaped {@code %} in a description).
 */
class HelpWarningsIT {
  @Test
  void everyHelpOfBothCommandLinesIsFreeOfWarnings() {
    for (Supplier<CommandLine> cli : java.util.List.<Supplier<CommandLine>>of(TrainerCli::commandLine,
        StreamCli::commandLine, BenchCli::commandLine)) {
      assertHelpIsClean(cli);
      for (String name : cli.get().getSubcommands().keySet()) {
        if (!name.equals("help")) {
          assertHelpIsClean(cli, name);
        }
      }
    }
  }

  private static void assertHelpIsClean(Supplier<CommandLine> cli, String... command) {
    String[] args = Arrays.copyOf(command, command.length + 1);
    args[command.length] = "--help";
    String what = cli.get().getCommandName() + " " + String.join(" ", args);
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      CommandLine line = cli.get();
      line.setOut(new PrintWriter(out, true));
      line.setErr(new PrintWriter(err, true));
      code = line.execute(args);
    } finally {
      System.setErr(saved);
    }
    assertThat(code).as(what).isZero();
    assertThat(out.toString()).as(what).contains("Usage:");
    assertThat(stderr.toString(StandardCharsets.UTF_8) + err).as(what).isEmpty();
  }
}
