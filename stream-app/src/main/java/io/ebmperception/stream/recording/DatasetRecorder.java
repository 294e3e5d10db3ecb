package io.ebmperception.stream.recording;

import io.ebmperception.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Writes labelled frames as a dataset the trainer reads: {@code images/<camera>-<sequence>.jpg}
 * (or {@code .png}; the frame's encoded bytes as they came, raw RGB frames encoded as PNG) and a
 * CSV named after the frames' task with a header {@code file,<target names>,camera,sequence,reason},
 * so that {@code train --data <dir>/<task>.csv} trains a model of that task. A frame of another
 * task, a second copy of a frame, or a label of the wrong length is refused with its reason.
 */
public final class DatasetRecorder implements Closeable {
  private final Path dir;
  private final String task;
  private final List<String> names;
  private final Function<Frame, BufferedImage> rawImages;
  private final BufferedWriter csv;
  private final Set<String> seen = new HashSet<>();
  private int written;

  /**
   * Creates {@code dir/images} and {@code dir/<task>.csv}; refuses a folder that already holds that CSV.
   *
   * @param rawImages decodes a raw-RGB frame into an image (to be written as PNG)
   */
  public DatasetRecorder(Path dir, String task, List<String> names, Function<Frame, BufferedImage> rawImages) {
    this.dir = dir;
    this.task = task;
    this.names = List.copyOf(names);
    this.rawImages = rawImages;
    Path file = csvFile();
    if (Files.exists(file)) {
      throw new IllegalArgumentException(file + " exists already; record into a new folder");
    }
    try {
      Files.createDirectories(dir.resolve("images"));
      csv = Files.newBufferedWriter(file);
      csv.write("file," + String.join(",", names) + ",camera,sequence,reason\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  /** The CSV the trainer reads. */
  public Path csvFile() {
    return dir.resolve(task + ".csv");
  }

  /** The label's column names. */
  public List<String> names() {
    return names;
  }

  /** Frames written so far. */
  public int written() {
    return written;
  }

  /** Why a frame was not written. */
  public enum Skip {
    OTHER_TASK("of another task"),
    NO_LABEL("without a label"),
    WRONG_LABEL_LENGTH("with a label of the wrong length"),
    DUPLICATE("already recorded (same camera and sequence)");

    private final String text;

    Skip(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Writes one frame, or says why not.
   *
   * @param reason why it was chosen (goes into the CSV; may be empty)
   * @return null when written, else why it was not
   */
  public Skip write(Frame frame, String reason) {
    if (!task.equals(frame.getTask())) {
      return Skip.OTHER_TASK;
    }
    if (frame.getLabel() == null) {
      return Skip.NO_LABEL;
    }
    if (frame.getLabel().size() != names.size()) {
      return Skip.WRONG_LABEL_LENGTH;
    }
    String id = frame.getCameraId() + "-" + frame.getSequence();
    if (!seen.add(id)) {
      return Skip.DUPLICATE;
    }
    String file = "images/" + safe(id) + switch (frame.getEncoding()) {
      case JPEG -> ".jpg";
      case PNG, RAW_RGB8 -> ".png";
    };
    try {
      Path target = dir.resolve(file);
      switch (frame.getEncoding()) {
        case JPEG, PNG -> Files.write(target, bytes(frame.getBytes()));
        case RAW_RGB8 -> ImageIO.write(rawImages.apply(frame), "png", target.toFile());
      }
      StringBuilder row = new StringBuilder(file);
      for (Float v : frame.getLabel()) {
        row.append(',').append(String.format(Locale.ROOT, "%s", v));
      }
      row.append(',').append(frame.getCameraId().replace(",", "_")).append(',').append(frame.getSequence())
          .append(',').append(reason.replace(",", ";")).append('\n');
      csv.write(row.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " in " + dir, e);
    }
    written++;
    return null;
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public void close() {
    try {
      csv.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + csvFile(), e);
    }
  }
}
