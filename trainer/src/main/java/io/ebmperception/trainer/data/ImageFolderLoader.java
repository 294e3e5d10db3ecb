package io.ebmperception.trainer.data;

import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.vision.ImagePath;
import io.ebmperception.vision.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a folder of images with a CSV of labels: a header, a {@code file} column naming the image
 * (relative to the CSV) and the target columns. Each image (PNG or JPEG, any size, colour, grey or
 * with alpha) goes through the app's {@link ImagePath}: decoded as the app decodes a frame of that
 * size, area-resized to {@code side × side} and normalised into channels-first floats, so a model
 * trained on the folder sees at serving time the pixels it was trained on.
 */
public final class ImageFolderLoader {
  private final int side;
  private final ImagePath path;

  public ImageFolderLoader(int side, ImageNormalisation normalisation) {
    this.side = side;
    this.path = new ImagePath(new Preprocessor(side, side, normalisation), true);
  }

  /** Loads the images listed in {@code labelsCsv} with the given target columns. */
  public RegressionDataset load(Path labelsCsv, List<String> targetColumns) {
    List<String> lines;
    try {
      lines = Files.readAllLines(labelsCsv);
    } catch (IOException e) {
      throw new DataFormatException(labelsCsv + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (lines.isEmpty()) {
      throw new DataFormatException(labelsCsv + ":1: the file is empty, expected a header line");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
    int fileColumn = header.indexOf("file");
    if (fileColumn < 0) {
      throw new DataFormatException(labelsCsv + ":1: no column \"file\"; the header has " + header);
    }
    int[] targets = targetColumns.stream().mapToInt(header::indexOf).toArray();
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] < 0) {
        throw new DataFormatException(labelsCsv + ":1: no column \"" + targetColumns.get(i) + "\"; the header has " + header);
      }
    }
    List<float[]> images = new ArrayList<>();
    List<Float> y = new ArrayList<>();
    int plane = 3 * side * side;
    for (int line = 1; line < lines.size(); line++) {
      if (lines.get(line).isBlank()) {
        continue;
      }
      String[] cells = lines.get(line).split(",", -1);
      String where = labelsCsv + ":" + (line + 1);
      if (cells.length != header.size()) {
        throw new DataFormatException(where + ": " + cells.length + " columns, the header has " + header.size());
      }
      images.add(read(labelsCsv.resolveSibling(cells[fileColumn].strip()), where));
      for (int t : targets) {
        try {
          y.add(Float.parseFloat(cells[t].strip()));
        } catch (NumberFormatException e) {
          throw new DataFormatException(where + ": column \"" + header.get(t) + "\" holds \"" + cells[t] + "\", expected a number");
        }
      }
    }
    float[] inputs = new float[images.size() * plane];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, inputs, i * plane, plane);
    }
    float[] targetsOut = new float[y.size()];
    for (int i = 0; i < y.size(); i++) {
      targetsOut[i] = y.get(i);
    }
    return new RegressionDataset(labelsCsv.getFileName().toString(), inputs, new long[] {3, side, side},
        targetsOut, targets.length, List.of("image"), targetColumns);
  }

  private float[] read(Path file, String where) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataFormatException(where + ": cannot read image " + file + " (" + e.getMessage() + ")", e);
    }
    try {
      return path.input(bytes);
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(where + ": " + file + ": " + e.getMessage(), e);
    }
  }
}
