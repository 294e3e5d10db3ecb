package io.ebmperception.schemas.cli;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The one place that decides how the project's command lines (trainer, stream app, bench, ingest)
 * answer a mistake: a wrong option prints one line with a pointer to {@code --help}; a
 * {@link UserFacingException}, an {@link IllegalArgumentException} (a value the code refused) or an
 * {@link UncheckedIOException} (a file or folder that cannot be read or written) prints
 * {@code error: <message>}; all of them exit with {@link #USER_ERROR}. Anything else is a bug and
 * keeps picocli's stack trace.
 */
public final class CommandLines {
  /** The exit status of a user's mistake (picocli's own usage errors use it too). */
  public static final int USER_ERROR = 2;

  private CommandLines() {}

  /**
   * Installs the project's error handling on {@code cli} and returns it; descriptions written as
   * several source lines are joined into paragraphs that picocli wraps to the terminal's width.
   */
  public static CommandLine configure(CommandLine cli) {
    reflow(cli);
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("error: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName() + " --help)");
      return USER_ERROR;
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (isUserError(e)) {
        cmd.getErr().println("error: " + e.getMessage());
        return USER_ERROR;
      }
      throw e;
    });
    return cli;
  }

  /**
   * Joins the description lines of {@code cli} and its subcommands into paragraphs: an empty line
   * separates paragraphs, and a line starting with a space (a list, a table) keeps its own line.
   */
  /** URLs and file names: tokens a reader copies, which picocli's line breaking may split (after "." or "/"). */
  public static final java.util.regex.Pattern UNBREAKABLE =
      java.util.regex.Pattern.compile("://|\\w\\.(png|csv|json|mp4|avsc|properties|onnx|md)\\b");

  /**
   * Renders each help section as picocli does, then mends a URL or file name of the command's
   * descriptions that picocli's line breaking split across two lines (its BreakIterator breaks
   * after "." and "/"): the head moves down to join its tail.
   */
  private static void keepTokensWhole(CommandLine cli) {
    CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
    List<String> tokens = new ArrayList<>();
    List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
    spec.options().forEach(o -> texts.addAll(List.of(o.description())));
    spec.options().forEach(o -> { // a default shown through ${DEFAULT-VALUE}
      if (o.defaultValue() != null) {
        texts.add(o.defaultValue() + ".");
      }
    });
    for (String text : texts) {
      for (String word : text.split("\\s+")) {
        if (UNBREAKABLE.matcher(word).find()) {
          tokens.add(word);
        }
      }
    }
    if (tokens.isEmpty()) {
      return;
    }
    java.util.Map<String, CommandLine.IHelpSectionRenderer> sections = cli.getHelpSectionMap();
    for (String key : new ArrayList<>(sections.keySet())) {
      CommandLine.IHelpSectionRenderer original = sections.get(key);
      sections.put(key, help -> mend(original.render(help), tokens));
    }
  }

  /** {@code text} with each token of {@code tokens} that was split at a line end put back together. */
  static String mend(String text, List<String> tokens) {
    String out = text;
    for (String token : tokens) {
      for (int cut = 1; cut < token.length(); cut++) {
        String head = token.substring(0, cut);
        String tail = token.substring(cut);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(head)
            + "\\r?\\n( +)" + java.util.regex.Pattern.quote(tail)).matcher(out);
        if (m.find()) {
          out = out.substring(0, m.start()).replaceAll(" +$", "") + "\n" + m.group(1) + token + out.substring(m.end());
        }
      }
    }
    return out;
  }

  private static void reflow(CommandLine cli) {
    CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
    List<String> out = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : usage.description()) {
      if (line.isEmpty() || line.startsWith(" ")) {
        if (paragraph.length() > 0) {
          out.add(paragraph.toString());
          paragraph.setLength(0);
        }
        out.add(line);
      } else {
        paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
      }
    }
    if (paragraph.length() > 0) {
      out.add(paragraph.toString());
    }
    usage.description(out.toArray(String[]::new));
    if (usage.header().length == 0 && !out.isEmpty() && cli.getParent() != null) {
      // a command list shows a subcommand's header, else its description's first element: a whole
      // paragraph now, so the list gets the paragraph's first sentence
      String first = out.get(0);
      int end = first.indexOf(". ");
      usage.header(end < 0 ? first : first.substring(0, end + 1));
    }
    keepTokensWhole(cli);
    cli.getSubcommands().values().forEach(CommandLines::reflow);
  }

  /** Runs {@code cli} on {@code args} and ends the process with its exit status. */
  public static void exit(CommandLine cli, String[] args) {
    System.exit(configure(cli).execute(args));
  }

  /** Whether {@code e} is a user's mistake rather than a bug. */
  public static boolean isUserError(Throwable e) {
    return e instanceof UserFacingException || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException;
  }
}
