package io.ebmperception.trainer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images with a CSV of labels: a header, a {@code file} column naming the image
 * (relative to the CSV) and the target columns. Images are resized to {@code side × side} and
 * normalised into channels-first floats.
 */
public final class ImageFolderLoader {
  private final int side;
  private final ImageNormalisation normalisation;

  public ImageFolderLoader(int side, ImageNormalisation normalisation) {
    this.side = side;
    this.normalisation = normalisation;
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
      Path image = labelsCsv.resolveSibling(cells[fileColumn].strip());
      float[] x = new float[plane];
      normalisation.toChw(read(image, where), x, 0);
      images.add(x);
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

  private BufferedImage read(Path file, String where) {
    BufferedImage src;
    try {
      src = ImageIO.read(file.toFile());
    } catch (IOException e) {
      src = null;
    }
    if (src == null) {
      throw new DataFormatException(where + ": cannot read image " + file);
    }
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, side, side, null);
    g.dispose();
    return out;
  }
}
