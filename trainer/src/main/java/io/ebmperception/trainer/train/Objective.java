package io.ebmperception.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.loss.ImportanceSampledNll;
import io.ebmperception.trainer.loss.MdnNll;
import io.ebmperception.trainer.loss.NceLoss;
import io.ebmperception.trainer.loss.ProposalKlLoss;
import io.ebmperception.trainer.loss.TeacherMdnLoss;
import io.ebmperception.trainer.model.MixtureParameters;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.model.Scalars;

/**
 * The loss of one batch for a {@link Method}: draws the M noise samples (fixed Gaussian noise or
 * the model's own MDN), evaluates the energies of the true target and the samples in one pass,
 * and combines the losses of {@code io.ebmperception.trainer.loss} the way the method prescribes.
 * One backward pass of the result trains all parts.
 */
public final class Objective {
  private final Method method;
  private final int samples;
  private final FixedGaussianNoise noise;
  private final float anchor;
  private final NceLoss nce = new NceLoss();
  private final ProposalKlLoss kl = new ProposalKlLoss();
  private final ImportanceSampledNll isNll = new ImportanceSampledNll();
  private final MdnNll mdnNll = new MdnNll();
  private final TeacherMdnLoss teacher = new TeacherMdnLoss();
  private final ProposalDraws draws;

  /**
   * Where the M samples of a batch come from when the model's own proposal is the noise. Training
   * draws from q with the engine's seeded sampler; a parity check against another implementation
   * gives that implementation's draws instead.
   */
  @FunctionalInterface
  public interface ProposalDraws {
    /** {@code [N, M, D]} samples of {@code q} (no gradient flows through them). */
    NDArray draw(MixtureParameters q, NDManager manager, int samples);

    /** Samples of q from the engine's random stream: what training uses. */
    ProposalDraws FROM_PROPOSAL = (q, manager, samples) -> q.stopGradient().sample(manager, samples);
  }

  /**
   * Objective without a proposal anchor.
   *
   * @param method  the training method
   * @param samples M, samples per example
   * @param noise   the hand-tuned noise (used only by methods with fixed noise)
   */
  public Objective(Method method, int samples, FixedGaussianNoise noise) {
    this(method, samples, noise, 0f);
  }

  /**
   * @param anchor  β of the joint methods' proposal anchor: the proposal's loss becomes
   *                {@code J_KL + β · NLL_q(y_i)} (0: the paper's J_KL alone)
   */
  public Objective(Method method, int samples, FixedGaussianNoise noise, float anchor) {
    this(method, samples, noise, anchor, ProposalDraws.FROM_PROPOSAL);
  }

  private Objective(Method method, int samples, FixedGaussianNoise noise, float anchor, ProposalDraws draws) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples M must be >= 1, got " + samples);
    }
    if (!(anchor >= 0) || !Float.isFinite(anchor)) {
      throw new IllegalArgumentException("proposal anchor must be >= 0, got " + anchor);
    }
    this.method = method;
    this.samples = samples;
    this.noise = noise;
    this.anchor = anchor;
    this.draws = draws;
  }

  /** The same objective with the proposal's samples taken from {@code source}. */
  public Objective withDraws(ProposalDraws source) {
    return new Objective(method, samples, noise, anchor, source);
  }

  /**
   * Adds β times the proposal's NLL of the true targets. J_KL only sees where q already samples:
   * a mode of the EBM that q never visits gives it no gradient, and q can drift away from its EBM
   * for good. The NLL term pulls q towards every observed y_i, which the EBM also fits.
   */
  private NDArray anchored(NDArray loss, NDArray logqTruth) {
    return anchor == 0f ? loss : loss.add(Scalars.mul(mdnNll.compute(logqTruth.squeeze(1)), anchor));
  }

  /**
   * The scalar loss of a batch.
   *
   * @param x {@code [N, ...]} inputs
   * @param y {@code [N, D]} targets
   */
  public NDArray loss(ProbabilisticRegressor model, ParameterStore store, NDArray x, NDArray y) {
    return loss(model, store, x, y, TrainingPhase.JOINT);
  }

  /**
   * The scalar loss of a batch in a phase of the {@link TrainingSchedule}: the proposal's NLL alone
   * during the warm-up (its gradient reaching the features the proposal reads), the method's loss
   * on features with the gradient stopped while they are frozen, the method's loss otherwise.
   */
  public NDArray loss(ProbabilisticRegressor model, ParameterStore store, NDArray x, NDArray y,
      TrainingPhase phase) {
    NDManager manager = x.getManager();
    NDArray truth = y.expandDims(1); // [N, 1, D]
    boolean frozen = phase == TrainingPhase.FEATURES_FROZEN;
    if (phase == TrainingPhase.PROPOSAL_WARMUP || method == Method.MDN_NLL) {
      if (!model.spec().hasProposal()) {
        throw new IllegalArgumentException("a proposal warm-up needs a method with an MDN, not " + method);
      }
      NDArray h = model.proposalFeatures(store, x, true);
      MixtureParameters q = model.proposalFromFeatures(store, frozen ? h.stopGradient() : h, true);
      return mdnNll.compute(q.logDensity(truth).squeeze(1));
    }
    NDArray features = model.energyFeatures(store, x, true);
    if (frozen) {
      features = features.stopGradient();
    }
    NDArray samplesY;
    NDArray logqDraws;
    NDArray logqTruth;
    if (method.usesFixedNoise()) {
      samplesY = noise.sample(manager, y, samples);
      logqDraws = noise.logDensity(y, samplesY);
      logqTruth = noise.logDensity(y, truth);
    } else {
      MixtureParameters q = frozen && model.proposalFeatureNet() != null
          ? model.proposalFromFeatures(store, model.proposalFeatures(store, x, true).stopGradient(), true)
          : model.proposalParameters(store, x, features, true);
      samplesY = this.draws.draw(q, manager, samples);
      logqDraws = q.logDensity(samplesY);
      logqTruth = q.logDensity(truth);
    }
    NDArray energies = model.energy(store, features, truth.concat(samplesY, 1), true); // [N, M+1]
    NDArray trueEnergy = energies.get(":, 0");
    NDArray drawEnergies = energies.get(":, 1:");
    NDArray candidatesLogq = logqTruth.concat(logqDraws, 1);
    return switch (method) {
      case NCE -> nce.compute(energies, candidatesLogq);
      case ML_IS -> isNll.compute(drawEnergies, logqDraws, trueEnergy);
      case ML_IS_KL -> anchored(isNll.compute(drawEnergies, logqDraws, trueEnergy), logqTruth);
      case NCE_KL -> anchored(nce.compute(energies, candidatesLogq).add(kl.compute(drawEnergies, logqDraws)),
          logqTruth);
      case MDN_TEACHER -> nce.compute(energies, candidatesLogq)
          .add(teacher.compute(drawEnergies, logqDraws, logqTruth.squeeze(1)));
      case MDN_NLL -> throw new AssertionError("handled above");
    };
  }
}
