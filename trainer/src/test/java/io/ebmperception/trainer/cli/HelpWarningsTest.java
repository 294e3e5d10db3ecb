package io.ebmperception.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} prints its usage and nothing on stderr (picocli warns there). */
class HelpWarningsTest {
  @Test
  void everyHelpIsFreeOfWarnings() {
    assertHelpIsClean();
    for (String name : TrainerCli.commandLine().getSubcommands().keySet()) {
      if (!name.equals("help")) {
        assertHelpIsClean(name);
      }
    }
  }

  private static void assertHelpIsClean(String... command) {
    String[] args = java.util.Arrays.copyOf(command, command.length + 1);
    args[command.length] = "--help";
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      CommandLine cli = TrainerCli.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      code = cli.execute(args);
    } finally {
      System.setErr(saved);
    }
    assertThat(code).as(String.join(" ", args)).isZero();
    assertThat(out.toString()).as(String.join(" ", args)).contains("Usage:");
    assertThat(stderr.toString(StandardCharsets.UTF_8) + err).as(String.join(" ", args)).isEmpty();
  }
}
