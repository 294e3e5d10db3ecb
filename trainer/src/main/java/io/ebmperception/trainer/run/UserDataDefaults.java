package io.ebmperception.trainer.run;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.train.TrainingSchedule;

/**
 * The networks and schedule a user's own vector data trains with by default. Chosen by
 * measurement on generated problems (not the paper's datasets 1 and 2, which keep the paper's
 * width-10 networks): see BENCHMARKS.md, "Defaults for your own vector data".
 */
final class UserDataDefaults {
  /**
   * β of the proposal anchor J_KL + β NLL_q. On the generated {@code sine} problem (width 10,
   * 30 epochs, seed 2) the paper's J_KL alone let the MDN drift from a good EBM (MDN test NLL 0.764
   * against the EBM's 0.028, mean ESS / M 0.485, KL(p_EBM ‖ q) 0.65); with β = 0.5: 0.018, 0.944,
   * 0.026, the EBM unchanged (0.025).
   */
  static final float PROPOSAL_ANCHOR = 0.5f;

  private UserDataDefaults() {}

  /**
   * Layer widths for vector inputs: the paper's 1-D networks at width 32. On the generated
   * problems (30 epochs, 2 seeds, EBM test NLL) width 10 / 32 / 64 scored sine −0.000 / −0.031 /
   * −0.046, branches 0.135 / 0.127 / 0.144 and arm 5.48 / 3.64 / (see BENCHMARKS.md), width 64
   * taking twice the time of 32.
   */
  static Architecture architecture() {
    return Architecture.vector(32);
  }

  /** Schedule for vector inputs: joint from the first step. */
  static TrainingSchedule schedule() {
    return TrainingSchedule.none();
  }
}
