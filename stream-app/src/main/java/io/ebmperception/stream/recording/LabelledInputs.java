package io.ebmperception.stream.recording;

import io.ebmperception.stream.replay.FrameSource;
import io.ebmperception.stream.replay.LabelTable;
import io.ebmperception.stream.replay.SourceFrame;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.vision.ImagePath;
import io.ebmperception.vision.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled inputs from a deployment, turned into model inputs as the app turns frames into them
 * (the same {@link ImagePath}), for a recalibration of the bundle that serves them. Three forms: a
 * recording (a video or image folder, JPEG-encoded frame by frame as a replay sends it) with a label
 * table ({@code frame,<targets>}); an image list as {@code record} writes it ({@code file,<targets>,…},
 * paths relative to the CSV); or, for a vector model, a CSV with the bundle's target columns and
 * its inputs in the other columns.
 *
 * @param inputs      {@code [N * inputSize]} normalised model inputs
 * @param targets     {@code [N * D]} labels, in the bundle's target order
 * @param description what they are, for the manifest and the log ({@code drive.mp4, 300 frames})
 */
public record LabelledInputs(float[] inputs, float[] targets, String description) {

  /** N. */
  public int size(int targetDim) {
    return targets.length / targetDim;
  }

  /**
   * The frames of {@code recording} that {@code labels} labels (a frame without a label is skipped
   * and counted in the description).
   */
  public static LabelledInputs ofRecording(Path recording, Path labels, Manifest manifest, boolean reducedDecoding,
      int maxInputs) {
    LabelTable table = LabelTable.read(labels);
    int[] order = order(table.names(), manifest, labels);
    ImagePath path = new ImagePath(Preprocessor.forInput(manifest.input()), reducedDecoding);
    List<float[]> inputs = new ArrayList<>();
    List<Float> targets = new ArrayList<>();
    int unlabelled = 0;
    try (FrameSource source = FrameSource.open(recording, 1.0)) {
      while (source.hasNext() && inputs.size() < maxInputs) {
        SourceFrame frame = source.next();
        List<Float> label = table.label(frame.index());
        if (label == null) {
          unlabelled++;
          continue;
        }
        inputs.add(path.input(frame.jpeg()));
        for (int k : order) {
          targets.add(label.get(k));
        }
      }
    }
    String skipped = unlabelled == 0 ? "" : ", " + unlabelled + " unlabelled frames skipped";
    return of(inputs, targets, recording.getFileName() + ", " + inputs.size() + " frames" + skipped, recording);
  }

  /**
   * The rows of a CSV: an image list ({@code file} column) for an image model, or input and target
   * columns for a vector model.
   */
  public static LabelledInputs ofTable(Path csv, Manifest manifest, boolean reducedDecoding, int maxInputs) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new IllegalArgumentException(csv + ": cannot read (" + e.getMessage() + ")");
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(csv + ": empty file");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
    List<String> names = targetNames(manifest);
    int[] targetColumns = new int[names.size()];
    for (int k = 0; k < names.size(); k++) {
      targetColumns[k] = header.indexOf(names.get(k));
      if (targetColumns[k] < 0) {
        throw new IllegalArgumentException(csv + ": no column " + names.get(k) + " (the bundle's targets are " + names
            + ", the header " + header + ")");
      }
    }
    boolean images = !"vector".equals(manifest.input().layout());
    int fileColumn = header.indexOf("file");
    if (images && fileColumn < 0) {
      throw new IllegalArgumentException(csv + ": an image model needs a 'file' column of image paths (as record "
          + "writes), the header is " + header);
    }
    ImagePath path = images ? new ImagePath(Preprocessor.forInput(manifest.input()), reducedDecoding) : null;
    int inputSize = (int) Arrays.stream(manifest.input().shape()).reduce(1, (a, b) -> a * b);
    List<float[]> inputs = new ArrayList<>();
    List<Float> targets = new ArrayList<>();
    for (int i = 1; i < lines.size() && inputs.size() < maxInputs; i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(csv + ":" + (i + 1) + ": " + cells.length + " columns, the header has "
            + header.size());
      }
      try {
        for (int c : targetColumns) {
          targets.add(Float.parseFloat(cells[c].strip()));
        }
        if (images) {
          Path image = csv.toAbsolutePath().getParent().resolve(cells[fileColumn].strip());
          inputs.add(path.input(Files.readAllBytes(image)));
        } else {
          inputs.add(vector(cells, targetColumns, inputSize, csv, i + 1));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(csv + ":" + (i + 1) + ": not a number (" + e.getMessage() + ")");
      } catch (IOException e) {
        throw new IllegalArgumentException(csv + ":" + (i + 1) + ": cannot read image (" + e.getMessage() + ")");
      }
    }
    return of(inputs, targets, csv.getFileName() + ", " + inputs.size() + " rows", csv);
  }

  private static float[] vector(String[] cells, int[] targetColumns, int inputSize, Path csv, int line) {
    float[] x = new float[inputSize];
    int k = 0;
    for (int c = 0; c < cells.length; c++) {
      final int column = c;
      if (Arrays.stream(targetColumns).anyMatch(t -> t == column)) {
        continue;
      }
      if (k == inputSize) {
        throw new IllegalArgumentException(csv + ":" + line + ": more than the model's " + inputSize
            + " input columns");
      }
      x[k++] = Float.parseFloat(cells[c].strip());
    }
    if (k != inputSize) {
      throw new IllegalArgumentException(csv + ":" + line + ": " + k + " input columns, the model takes " + inputSize);
    }
    return x;
  }

  private static LabelledInputs of(List<float[]> inputs, List<Float> targets, String description, Path from) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(from + ": no labelled inputs");
    }
    int size = inputs.get(0).length;
    float[] x = new float[inputs.size() * size];
    for (int i = 0; i < inputs.size(); i++) {
      System.arraycopy(inputs.get(i), 0, x, i * size, size);
    }
    float[] y = new float[targets.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = targets.get(i);
    }
    return new LabelledInputs(x, y, description);
  }

  private static List<String> targetNames(Manifest manifest) {
    if (manifest.target() != null && manifest.target().names().size() == manifest.targetDim()) {
      return manifest.target().names();
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < manifest.targetDim(); k++) {
      names.add("y" + k);
    }
    return names;
  }

  /**
   * For each of the bundle's targets, the label table's column holding it: by name when the table
   * names them all, else in the table's order.
   */
  private static int[] order(List<String> names, Manifest manifest, Path labels) {
    if (names.size() != manifest.targetDim()) {
      throw new IllegalArgumentException(labels + ": " + names.size() + " label columns, the bundle predicts "
          + manifest.targetDim() + " (" + targetNames(manifest) + ")");
    }
    List<String> wanted = targetNames(manifest);
    int[] order = new int[wanted.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = names.containsAll(wanted) ? names.indexOf(wanted.get(k)) : k;
    }
    return order;
  }
}
