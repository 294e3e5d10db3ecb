package io.ebmperception.trainer.run;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.train.TrainingSchedule;

/**
 * The networks and schedule a user's own vector data trains with by default. Chosen by
 * measurement on generated problems (not the paper's datasets 1 and 2, which keep the paper's
 * width-10 networks): see BENCHMARKS.md, "Defaults for your own vector data".
 */
final class UserDataDefaults {
  private UserDataDefaults() {}

  /** Layer widths for vector inputs. */
  static Architecture architecture() {
    return Architecture.toy();
  }

  /** Schedule for vector inputs: joint from the first step. */
  static TrainingSchedule schedule() {
    return TrainingSchedule.none();
  }
}
