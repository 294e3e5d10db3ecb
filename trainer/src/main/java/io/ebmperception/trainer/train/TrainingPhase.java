package io.ebmperception.trainer.train;

/** What one epoch of a {@link TrainingSchedule} trains. */
public enum TrainingPhase {
  /** The proposal alone, by its NLL, with the gradient reaching the feature net it reads. */
  PROPOSAL_WARMUP,
  /** The method's losses on feature nets that do not move. */
  FEATURES_FROZEN,
  /** The method's losses on everything. */
  JOINT;

  /** The phase of {@code epoch} (1-based) under {@code schedule}. */
  public static TrainingPhase of(TrainingSchedule schedule, int epoch) {
    if (schedule.warmingUp(epoch)) {
      return PROPOSAL_WARMUP;
    }
    return schedule.featuresFrozen(epoch) ? FEATURES_FROZEN : JOINT;
  }
}
