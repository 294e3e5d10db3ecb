package io.ebmperception.trainer.run;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ProposalMode;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingSchedule;

/**
 * The settings a task trains with unless the user says otherwise, chosen per task by measurement
 * (BENCHMARKS.md says which run chose what). They belong to the task, not to its name: a user's
 * file called {@code toy1.csv} gets a user's defaults.
 *
 * @param architecture       layer widths and feature net
 * @param standardiseTargets whether the networks work on standardised targets
 * @param standardiseInputs  whether vector inputs are standardised inside the networks
 * @param noiseSigmas        σ of the NCE baseline's two noise components
 * @param noiseScales        per target dimension, the unit of those σ (null: the data's units)
 * @param schedule           proposal warm-up, feature freeze, warm start
 */
public record TaskDefaults(Architecture architecture, boolean standardiseTargets,
    boolean standardiseInputs, float[] noiseSigmas, float[] noiseScales, TrainingSchedule schedule) {

  public TaskDefaults {
    noiseSigmas = noiseSigmas.clone();
    noiseScales = noiseScales == null ? null : noiseScales.clone();
    schedule = schedule == null ? TrainingSchedule.none() : schedule;
  }

  /**
   * A builder holding these defaults for {@code method}, for the command line to override. A
   * method without an MDN has no proposal to warm up, and freezing features it never trained would
   * only hold them at their random start: it trains jointly from the first step.
   */
  public TrainingConfig.Builder apply(TrainingConfig.Builder builder, Method method) {
    return builder.method(method).architecture(architecture).standardiseTargets(standardiseTargets)
        .standardiseInputs(standardiseInputs).noiseSigmas(noiseSigmas).noiseScales(noiseScales)
        .schedule(schedule(method));
  }

  /** The default schedule for {@code method}. */
  public TrainingSchedule schedule(Method method) {
    return method.proposalMode() == ProposalMode.NONE
        ? new TrainingSchedule(0, 0, schedule.warmStart()) : schedule;
  }

  /** The same defaults with another schedule. */
  public TaskDefaults withSchedule(TrainingSchedule value) {
    return new TaskDefaults(architecture, standardiseTargets, standardiseInputs, noiseSigmas,
        noiseScales, value);
  }
}
