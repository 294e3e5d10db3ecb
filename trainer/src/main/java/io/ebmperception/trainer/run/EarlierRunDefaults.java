package io.ebmperception.trainer.run;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.train.WarmStart;
import java.nio.file.Path;

/**
 * The rule for a run that starts from an earlier one ({@code --init-from}): a setting the user
 * gives wins; else the earlier run's (its input size always, so that its weights fit; its
 * architecture and backbone when the whole model is copied); else the task's default. Kept here,
 * beside the run folders it reads, so that the command line only parses flags.
 */
public final class EarlierRunDefaults {
  private final RunRecord earlier;

  private EarlierRunDefaults(RunRecord earlier) {
    this.earlier = earlier;
  }

  /** The defaults from the run folder {@code initFrom}, or none when it is null. */
  public static EarlierRunDefaults from(Path initFrom) {
    return new EarlierRunDefaults(initFrom == null ? null : new RunFolder(initFrom).readRecord());
  }

  /** The image side: {@code flag}, else the earlier run's when it was trained on images, else null (the task's). */
  public Integer imageSize(Integer flag) {
    if (flag != null || earlier == null) {
      return flag;
    }
    long[] shape = earlier.spec().inputShape();
    return shape.length == 3 ? (int) shape[1] : null;
  }

  /**
   * M: {@code flag} when given, else the earlier run's (a fine-tuning keeps its parent's sampling),
   * else {@code taskDefault}.
   */
  public int samples(Integer flag, int taskDefault) {
    if (flag != null) {
      return flag;
    }
    return earlier == null ? taskDefault : earlier.config().samples();
  }

  /**
   * The architecture: {@code flag} (may be null), else the earlier run's when {@code parts} copies
   * the whole model, else the task's default.
   */
  public Architecture architecture(Architecture flag, WarmStart.Parts parts, Task task) {
    if (flag != null) {
      return flag;
    }
    if (earlier != null && parts == WarmStart.Parts.ALL) {
      return earlier.config().architecture();
    }
    return task.defaults().architecture();
  }
}
