package io.ebmperception.trainer.run;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The problems the trainer brings, by the name given to {@code --data}: the paper's two 1-D
 * datasets and the two synthetic camera tasks (with an optional image size, {@code heads-32}).
 * Everything a built-in task decides (data, evaluation, defaults) lives in its {@link Task}; this
 * registry only maps names to them, so a file is a user's file whatever it is called.
 */
public enum BuiltInTask {
  /** Dataset 1 of Table 1, scored by KL. */
  TOY1("toy1", 0),
  /** Dataset 2 of Table 1, scored by test NLL. */
  TOY2("toy2", 0),
  /** Synthetic road scenes with the steering angle; 32 px unless {@code roads-N}. */
  ROADS("roads", 32),
  /** Synthetic heads with yaw, pitch and roll; 64 px unless {@code heads-N}. */
  HEADS("heads", 64);

  private static final Pattern SIZED = Pattern.compile("(roads|heads)-(\\d+)");
  private final String id;
  private final int defaultSide;

  BuiltInTask(String id, int defaultSide) {
    this.id = id;
    this.defaultSide = defaultSide;
  }

  /** The name on the command line. */
  public String id() {
    return id;
  }

  /** The built-in task {@code data} names, if it names one ({@code heads}, {@code roads-48}, ...). */
  public static Optional<BuiltInTask> find(String data) {
    Matcher sized = SIZED.matcher(data);
    String base = sized.matches() ? sized.group(1) : data;
    return Arrays.stream(values()).filter(t -> t.id.equals(base)).findFirst();
  }

  /** Builds the task {@code data} names (which {@link #find} matched to this entry). */
  public Task task(String data) {
    return switch (this) {
      case TOY1 -> Task.toy1();
      case TOY2 -> Task.toy2();
      case ROADS -> Task.roads(side(data));
      case HEADS -> Task.heads(side(data), TaskSource.HEAD_TRAIN_IMAGES, TaskSource.HEAD_TEST_IMAGES);
    };
  }

  private int side(String data) {
    Matcher sized = SIZED.matcher(data);
    int side = sized.matches() ? Integer.parseInt(sized.group(2)) : defaultSide;
    if (side < 8 || side > 256) {
      throw new IllegalArgumentException(id + " image size must be in [8, 256], got " + side);
    }
    return side;
  }

  /** All names, for messages: {@code toy1, toy2, roads[-N], heads[-N]}. */
  public static String names() {
    return Arrays.stream(values()).map(t -> t.defaultSide > 0 ? t.id + "[-N]" : t.id)
        .collect(Collectors.joining(", "));
  }
}
