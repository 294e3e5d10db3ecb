package io.ebmperception.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a comma-separated table with a header line into a {@link RegressionDataset}, taking the
 * input columns and target columns by name (any number of each).
 *
 * <p>A malformed file fails with a {@link DataFormatException} naming file, line and column,
 * e.g. {@code data.csv:17: column "y" holds "abc", expected a number}.
 */
public final class CsvLoader {
  private final List<String> inputColumns;
  private final List<String> targetColumns;

  private CsvLoader(Builder builder) {
    this.inputColumns = List.copyOf(builder.inputColumns);
    this.targetColumns = List.copyOf(builder.targetColumns);
  }

  /** A builder; with no columns given it reads x from column "x" and y from column "y". */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads {@code file}; the dataset is named after the file. */
  public RegressionDataset load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file + ": no such file");
    } catch (IOException e) {
      throw new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Reads a table from {@code in}; {@code source} names it in messages and in the dataset. */
  public RegressionDataset load(InputStream in, String source) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (header == null) {
        throw new DataFormatException(source + ":1: the file is empty, expected a header line");
      }
      List<String> names = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
      int[] xIdx = indicesOf(inputColumns, names, source);
      int[] yIdx = indicesOf(targetColumns, names, source);
      FloatList x = new FloatList();
      FloatList y = new FloatList();
      String line;
      int lineNo = 1;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != names.size()) {
          throw new DataFormatException(String.format(
              "%s:%d: %d columns, the header has %d", source, lineNo, cells.length, names.size()));
        }
        readCells(cells, xIdx, names, x, source, lineNo);
        readCells(cells, yIdx, names, y, source, lineNo);
      }
      if (y.size() == 0) {
        throw new DataFormatException(source + ": no data rows after the header");
      }
      return new RegressionDataset(source, x.toArray(), new long[] {xIdx.length}, y.toArray(),
          yIdx.length, inputColumns, targetColumns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] indicesOf(List<String> wanted, List<String> names, String source) {
    int[] idx = new int[wanted.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = names.indexOf(wanted.get(i));
      if (idx[i] < 0) {
        throw new DataFormatException(String.format(
            "%s:1: no column \"%s\"; the header has %s", source, wanted.get(i), names));
      }
    }
    return idx;
  }

  private static void readCells(String[] cells, int[] idx, List<String> names, FloatList out,
      String source, int lineNo) {
    for (int c : idx) {
      String cell = cells[c].strip();
      float v;
      try {
        v = Float.parseFloat(cell);
      } catch (NumberFormatException e) {
        v = Float.NaN;
      }
      if (!Float.isFinite(v)) {
        throw new DataFormatException(String.format(
            "%s:%d: column \"%s\" holds \"%s\", expected a finite number",
            source, lineNo, names.get(c), cell));
      }
      out.add(v);
    }
  }

  /** Configures which columns are inputs and which are targets. */
  public static final class Builder {
    private final List<String> inputColumns = new ArrayList<>();
    private final List<String> targetColumns = new ArrayList<>();

    private Builder() {}

    /** Adds input columns, in order. */
    public Builder inputColumns(List<String> names) {
      inputColumns.addAll(names);
      return this;
    }

    /** Adds target columns, in order; their count is the target dimension D. */
    public Builder targetColumns(List<String> names) {
      targetColumns.addAll(names);
      return this;
    }

    public CsvLoader build() {
      if (inputColumns.isEmpty()) {
        inputColumns.add("x");
      }
      if (targetColumns.isEmpty()) {
        targetColumns.add("y");
      }
      return new CsvLoader(this);
    }
  }

  /** A growable float array, to avoid boxing millions of values. */
  private static final class FloatList {
    private float[] data = new float[1024];
    private int size;

    void add(float v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    int size() {
      return size;
    }

    float[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
