package io.ebmperception.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The column names of a CSV file's header line (to tell tables from image lists). */
public final class CsvHeader {
  private CsvHeader() {}

  public static List<String> of(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such file");
    }
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      String line = reader.readLine();
      return line == null ? List.of() : Arrays.stream(line.split(",", -1)).map(String::strip).toList();
    } catch (IOException e) {
      throw new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
