package io.ebmperception.stream.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground-truth labels of a recording: a CSV with a header whose first column is the frame index
 * and whose other columns are the D target values ({@code frame,steering_deg}).
 */
public final class LabelTable {
  private final Map<Long, List<Float>> labels;
  private final List<String> names;

  private LabelTable(Map<Long, List<Float>> labels, List<String> names) {
    this.labels = labels;
    this.names = names;
  }

  /** Reads {@code file}; a malformed line is reported with its number. */
  public static LabelTable read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read labels (" + e.getMessage() + ")");
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty label file");
    }
    String[] header = lines.get(0).split(",");
    Map<Long, List<Float>> out = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split(",");
      if (cells.length != header.length) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + cells.length + " columns, the header has " + header.length);
      }
      try {
        List<Float> values = new ArrayList<>();
        for (int c = 1; c < cells.length; c++) {
          values.add(Float.parseFloat(cells[c].strip()));
        }
        out.put(Long.parseLong(cells[0].strip()), values);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a number (" + e.getMessage() + ")");
      }
    }
    return new LabelTable(out, List.of(header).subList(1, header.length));
  }

  /** The label of frame {@code index}, or null when the table has none. */
  public List<Float> label(long index) {
    return labels.get(index);
  }

  public List<String> names() {
    return names;
  }
}
