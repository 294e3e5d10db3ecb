package io.ebmperception.stream.recording;

import io.ebmperception.schemas.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which predictions were uncertain enough that their frames are worth labelling and training on:
 * a low effective sample size (the proposal missed the EBM), a wide marginal (σ above a bound in
 * some dimension), or several modes. A frame passes if any criterion that is switched on holds.
 *
 * @param essFraction  ESS / M below this is uncertain (0: not a criterion)
 * @param sigmaAbove   σ of some dimension above this, in the target's units (NaN: not a criterion)
 * @param multiModal   two or more modes is uncertain
 */
public record UncertaintyFilter(double essFraction, double sigmaAbove, boolean multiModal) {

  /** The default: ESS below a tenth of M, or two modes or more. */
  public static UncertaintyFilter defaults() {
    return new UncertaintyFilter(0.1, Double.NaN, true);
  }

  /** The criteria in words, e.g. "ESS / M < 0.1 or 2+ modes". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (essFraction > 0) {
      parts.add(String.format(Locale.ROOT, "ESS / M < %s", essFraction));
    }
    if (!Double.isNaN(sigmaAbove)) {
      parts.add(String.format(Locale.ROOT, "σ > %s", sigmaAbove));
    }
    if (multiModal) {
      parts.add("2+ modes");
    }
    return parts.isEmpty() ? "no criterion" : String.join(" or ", parts);
  }

  /** Why {@code p} is uncertain ("ess 0.04", "sigma 7.2", "2 modes"), or an empty list if it is not. */
  public List<String> reasons(Prediction p) {
    List<String> out = new ArrayList<>();
    double ess = p.getEffectiveSampleSize() / p.getSamples();
    if (ess < essFraction) {
      out.add(String.format(Locale.ROOT, "ess %.3f", ess));
    }
    if (!Double.isNaN(sigmaAbove)) {
      int d = p.getTargetDim();
      double widest = 0;
      for (int k = 0; k < d; k++) {
        widest = Math.max(widest, Math.sqrt(Math.max(0, p.getCovariance().get(k * d + k))));
      }
      if (widest > sigmaAbove) {
        out.add(String.format(Locale.ROOT, "sigma %.2f", widest));
      }
    }
    if (multiModal && p.getModes().size() >= 2) {
      out.add(p.getModes().size() + " modes");
    }
    return out;
  }
}
