package io.ebmperception.trainer.train;

import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ProposalMode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The training methods of the paper and its baselines, selected by name on the command line.
 */
public enum Method {
  /** EBM by NCE with hand-tuned Gaussian noise centred on y_i (baseline; no proposal). */
  NCE("nce", true, ProposalMode.NONE, true),
  /** EBM by importance-sampled maximum likelihood with the same fixed noise (Paper I objective). */
  ML_IS("ml-is", true, ProposalMode.NONE, true),
  /** The paper's method: EBM by NCE with the jointly trained MDN as noise, MDN by J_KL. */
  NCE_KL("nce+kl", true, ProposalMode.JOINT, false),
  /** The unified objective J(θ, φ): importance-sampled ML with the jointly trained MDN. */
  ML_IS_KL("ml-is+kl", true, ProposalMode.JOINT, false),
  /** A stand-alone MDN trained by its negative log-likelihood (baseline; no EBM). */
  MDN_NLL("mdn-nll", false, ProposalMode.SEPARATE, false),
  /** A stand-alone MDN trained with an EBM teacher; the EBM by NCE with the MDN as noise. */
  MDN_TEACHER("mdn-teacher", true, ProposalMode.SEPARATE, false);

  private final String id;
  private final boolean energy;
  private final ProposalMode proposal;
  private final boolean fixedNoise;

  Method(String id, boolean energy, ProposalMode proposal, boolean fixedNoise) {
    this.id = id;
    this.energy = energy;
    this.proposal = proposal;
    this.fixedNoise = fixedNoise;
  }

  /** The name used on the command line and in manifests, e.g. {@code nce+kl}. */
  public String id() {
    return id;
  }

  /** Whether training draws its samples from the hand-tuned Gaussian noise around y_i. */
  public boolean usesFixedNoise() {
    return fixedNoise;
  }

  /** Whether the trained model has an EBM. */
  public boolean hasEnergy() {
    return energy;
  }

  /** Where the trained model's proposal reads its features. */
  public ProposalMode proposalMode() {
    return proposal;
  }

  /** The model this method trains, for inputs of {@code inputShape} and targets of dimension D. */
  public ModelSpec modelSpec(long[] inputShape, int targetDim, int components, Architecture arch) {
    return new ModelSpec(inputShape, targetDim, components, arch, energy, proposal, null, null);
  }

  /** Parses a command-line name; the message lists the allowed names. */
  public static Method parse(String name) {
    for (Method m : values()) {
      if (m.id.equalsIgnoreCase(name.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown method '" + name + "'; choose one of " + names());
  }

  /** All command-line names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
