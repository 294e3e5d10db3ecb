package io.ebmperception.trainer.run;

import io.ebmperception.trainer.model.Architecture;
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
 * @param schedule           proposal warm-up, feature freeze, warm start of the joint methods
 * @param teacherSchedule    the same for the MDN with an EBM teacher, whose EBM has a feature net
 *                           of its own
 * @param proposalAnchor     β of the joint methods' proposal anchor J_KL + β NLL_q (0: the paper's)
 * @param patience           epochs without a better validation NLL before training stops early
 *                           and keeps its best epoch (0: always train every epoch, as the paper's
 *                           protocols do)
 */
public record TaskDefaults(Architecture architecture, boolean standardiseTargets,
    boolean standardiseInputs, float[] noiseSigmas, float[] noiseScales, TrainingSchedule schedule,
    TrainingSchedule teacherSchedule, float proposalAnchor, int patience) {

  public TaskDefaults {
    noiseSigmas = noiseSigmas.clone();
    noiseScales = noiseScales == null ? null : noiseScales.clone();
    schedule = schedule == null ? TrainingSchedule.none() : schedule;
    teacherSchedule = teacherSchedule == null ? schedule : teacherSchedule;
  }

  /** Defaults with one schedule for the joint methods and the teacher alike. */
  public TaskDefaults(Architecture architecture, boolean standardiseTargets, boolean standardiseInputs,
      float[] noiseSigmas, float[] noiseScales, TrainingSchedule schedule) {
    this(architecture, standardiseTargets, standardiseInputs, noiseSigmas, noiseScales, schedule, schedule, 0f, 0);
  }

  /**
   * A builder holding these defaults for {@code method}, for the command line to override. A
   * method without an MDN has no proposal to warm up, and freezing features it never trained would
   * only hold them at their random start: it trains jointly from the first step; so does the MDN
   * by NLL, whose whole training is what a warm-up would be.
   */
  public TrainingConfig.Builder apply(TrainingConfig.Builder builder, Method method) {
    return builder.method(method).architecture(architecture).standardiseTargets(standardiseTargets)
        .standardiseInputs(standardiseInputs).noiseSigmas(noiseSigmas).noiseScales(noiseScales)
        .schedule(schedule(method)).proposalAnchor(proposalAnchor);
  }

  /** The default schedule for {@code method}. */
  public TrainingSchedule schedule(Method method) {
    return switch (method) {
      case NCE, ML_IS, MDN_NLL -> new TrainingSchedule(0, 0, schedule.warmStart());
      case MDN_TEACHER -> teacherSchedule;
      case NCE_KL, ML_IS_KL -> schedule;
    };
  }
}
