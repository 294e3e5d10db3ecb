package io.ebmperception.schemas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {

  @Command(name = "tool")
  static final class Tool implements Callable<Integer> {
    @Option(names = "--fail")
    String fail = "none";

    @Override
    public Integer call() {
      switch (fail) {
        case "user" -> throw new UserFacingException("the broker at localhost:1 did not answer") { };
        case "argument" -> throw new IllegalArgumentException("--size must be positive, got -1");
        case "io" -> throw new UncheckedIOException("cannot write out/", new IOException("read-only"));
        case "bug" -> throw new IllegalStateException("a bug");
        default -> {
          return 0;
        }
      }
    }
  }

  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLines.configure(new CommandLine(new Tool()));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new String[] {String.valueOf(code), err.toString()};
  }

  @Test
  void everyUserMistakeIsOneLineAndExitTwo() {
    for (String kind : new String[] {"user", "argument", "io"}) {
      String[] result = run("--fail", kind);
      assertThat(result[0]).as(kind).isEqualTo("2");
      assertThat(result[1].strip().lines()).as(kind).hasSize(1);
      assertThat(result[1]).as(kind).startsWith("error: ");
    }
    String[] unknown = run("--no-such-option");
    assertThat(unknown[0]).isEqualTo("2");
    assertThat(unknown[1]).contains("(see: tool --help)").doesNotContain("\tat ");
  }

  @Test
  void aBugKeepsItsStackTrace() {
    CommandLine cli = CommandLines.configure(new CommandLine(new Tool()));
    assertThatThrownBy(() -> cli.getExecutionExceptionHandler().handleExecutionException(
        new IllegalStateException("a bug"), cli, null)).isInstanceOf(IllegalStateException.class);
    assertThat(CommandLines.isUserError(new IllegalStateException("a bug"))).isFalse();
  }
}
