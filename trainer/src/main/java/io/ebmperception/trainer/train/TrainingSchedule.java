package io.ebmperception.trainer.train;

/**
 * How a run moves through its epochs before it trains everything jointly, after the paper's
 * reference code for the image tasks.
 *
 * <ul>
 *   <li><b>Proposal warm-up</b>: the first {@code proposalWarmup} epochs train only the MDN, by its
 *       NLL. The reference does this for one epoch on head pose, over frozen ImageNet features.
 *       Here no pre-trained features exist, so the warm-up's gradient also reaches the feature
 *       net that the proposal reads (in the joint model, the EBM's): the features learn what
 *       predicts y before the EBM sees them, and NCE then starts from a proposal that already
 *       follows the data instead of the marginal of y.</li>
 *   <li><b>Feature freeze</b>: in epochs {@code proposalWarmup + 1 .. freezeFeatures} the feature
 *       nets get no gradient (the reference detaches ImageNet features for its first 20 epochs),
 *       so the heads settle on features that do not move under them.</li>
 *   <li><b>Warm start</b>: the run starts from the weights of an earlier run
 *       ({@link WarmStart}), our stand-in for ImageNet features.</li>
 * </ul>
 *
 * @param proposalWarmup epochs of MDN NLL alone at the start (0: none)
 * @param freezeFeatures last epoch (1-based, counted from the run's start) in which the feature
 *                       nets stay frozen for the losses after the warm-up (0: never frozen)
 * @param warmStart      the earlier run to start from, or null
 */
public record TrainingSchedule(int proposalWarmup, int freezeFeatures, WarmStart warmStart) {

  public TrainingSchedule {
    if (proposalWarmup < 0 || freezeFeatures < 0) {
      throw new IllegalArgumentException("warm-up and freeze epochs must be >= 0, got "
          + proposalWarmup + " and " + freezeFeatures);
    }
  }

  /** Joint training from the first step, fresh weights: the 1-D protocol. */
  public static TrainingSchedule none() {
    return new TrainingSchedule(0, 0, null);
  }

  /** Whether {@code epoch} (1-based) trains the proposal alone. */
  public boolean warmingUp(int epoch) {
    return epoch <= proposalWarmup;
  }

  /** Whether the feature nets are frozen in {@code epoch} (1-based) once the warm-up is over. */
  public boolean featuresFrozen(int epoch) {
    return !warmingUp(epoch) && epoch <= freezeFeatures;
  }

  /**
   * This schedule for a run of {@code epochs} epochs: a default warm-up longer than half the run
   * shrinks to half of it, so that a short run (a demo, a test) still trains the EBM.
   */
  public TrainingSchedule fitTo(int epochs) {
    int warmup = Math.min(proposalWarmup, epochs / 2);
    return new TrainingSchedule(warmup, Math.min(freezeFeatures, epochs), warmStart);
  }

  /** The same schedule starting from {@code value}. */
  public TrainingSchedule withWarmStart(WarmStart value) {
    return new TrainingSchedule(proposalWarmup, freezeFeatures, value);
  }

  /** Short text for logs, e.g. {@code warm-up 1, frozen to epoch 3, from runs/a (features)}. */
  public String describe() {
    if (proposalWarmup == 0 && freezeFeatures == 0 && warmStart == null) {
      return "joint from the first step";
    }
    StringBuilder s = new StringBuilder();
    s.append("proposal warm-up ").append(proposalWarmup).append(" epoch(s)");
    if (freezeFeatures > proposalWarmup) {
      s.append(", features frozen to epoch ").append(freezeFeatures);
    }
    if (warmStart != null) {
      s.append(", from ").append(warmStart.run()).append(" (").append(warmStart.parts().id()).append(')');
    }
    return s.toString();
  }
}
