package io.ebmperception.runtime.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's {@code --help} footer listing the settings it reads with their defaults, from the
 * declarations themselves, so that no help text repeats a default that could drift.
 */
public final class SettingsHelp {
  private SettingsHelp() {}

  /** picocli's usage width, which the footer's lines stay within so that it does not wrap them again. */
  private static final int WIDTH = 80;

  /** Footer lines: a heading, then per setting "key = default" and its meaning, indented, wrapped. */
  public static String[] footer(List<Setting<?>> settings) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Settings, from --config FILE, EBM_<KEY> or --set KEY=VALUE (an option above");
    lines.add("wins; kafka.* passes to the Kafka clients):");
    for (Setting<?> s : settings) {
      lines.add("  " + s.key() + s.defaultValue().map(v -> " = " + v).orElse(" (not set by default)"));
      lines.addAll(wrap(s.doc(), "      "));
    }
    return lines.toArray(String[]::new);
  }

  private static List<String> wrap(String text, String indent) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        out.add(line.toString());
        line.setLength(0);
        line.append(indent);
      }
      line.append(line.length() > indent.length() ? " " : "").append(word);
    }
    out.add(line.toString());
    return out;
  }
}
