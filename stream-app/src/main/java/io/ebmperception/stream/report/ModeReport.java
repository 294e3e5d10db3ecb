package io.ebmperception.stream.report;

import io.ebmperception.schemas.Mode;
import io.ebmperception.schemas.Prediction;
import java.util.List;
import java.util.Locale;

/**
 * How well the modes of the predictions explain their labels, beside how well the mean does. Where
 * p(y|x) has several modes (a fork), the mean can sit between them, far from every label, while
 * the nearest mode is close. The errors are scored over the labelled predictions that carry modes;
 * how many modes there are, over every prediction that carries them (a live camera has no labels).
 *
 * @param withModes          predictions with at least one mode
 * @param scored             labelled predictions with at least one mode
 * @param meanModes          modes per prediction (of those with modes)
 * @param multiModal         share of them with two or more modes
 * @param meanMae            MAE of the mean over the scored predictions (for a side-by-side)
 * @param bestModeMae        MAE of the mode nearest to the label (in mean absolute error)
 * @param heaviestModeMae    MAE of the heaviest mode: what a consumer that takes the top mode gets
 * @param meanRecall         share of labels within 2σ of the mean in every dimension
 * @param modeRecall         share of labels within 2σ of some mode in every dimension
 */
public record ModeReport(int withModes, int scored, double meanModes, double multiModal, double meanMae, double bestModeMae,
    double heaviestModeMae, double meanRecall, double modeRecall) {

  /** Scores the predictions; the error figures are NaN when none is labelled and carries modes. */
  public static ModeReport of(List<Prediction> predictions) {
    int withModes = 0;
    int scored = 0;
    double modes = 0;
    int multi = 0;
    double meanErr = 0;
    double bestErr = 0;
    double topErr = 0;
    int meanHits = 0;
    int modeHits = 0;
    for (Prediction p : predictions) {
      if (p.getModes().isEmpty()) {
        continue;
      }
      withModes++;
      modes += p.getModes().size();
      multi += p.getModes().size() > 1 ? 1 : 0;
      if (p.getLabel() == null) {
        continue;
      }
      scored++;
      List<Float> y = p.getLabel();
      meanErr += mae(y, p.getMean());
      topErr += mae(y, p.getModes().get(0).getMean());
      double best = Double.POSITIVE_INFINITY;
      boolean hit = false;
      for (Mode mode : p.getModes()) {
        best = Math.min(best, mae(y, mode.getMean()));
        hit |= within2Sigma(y, mode.getMean(), mode.getCovariance());
      }
      bestErr += best;
      modeHits += hit ? 1 : 0;
      meanHits += within2Sigma(y, p.getMean(), p.getCovariance()) ? 1 : 0;
    }
    double n = scored;
    return new ModeReport(withModes, scored, modes / withModes, (double) multi / withModes, meanErr / n, bestErr / n, topErr / n, meanHits / n,
        modeHits / n);
  }

  /** Mean over dimensions of |y - m|. */
  static double mae(List<Float> y, List<Float> m) {
    double sum = 0;
    for (int k = 0; k < y.size(); k++) {
      sum += Math.abs(y.get(k) - m.get(k));
    }
    return sum / y.size();
  }

  /** |y_k - m_k| ≤ 2 σ_k in every dimension k. */
  static boolean within2Sigma(List<Float> y, List<Float> m, List<Float> covariance) {
    int d = y.size();
    for (int k = 0; k < d; k++) {
      double sigma = Math.sqrt(Math.max(0, covariance.get(k * d + k)));
      if (Math.abs(y.get(k) - m.get(k)) > 2 * sigma) {
        return false;
      }
    }
    return true;
  }

  /** Two lines for the terminal, or a note that there was nothing to score. */
  public String format() {
    if (withModes == 0) {
      return "modes: none in these predictions (mode search off, or records written before version 2)";
    }
    if (scored == 0) {
      return String.format(Locale.ROOT, "modes: %.2f per prediction, %.1f%% with two or more (no labels: their "
          + "errors are not scored)", meanModes, 100 * multiModal);
    }
    return String.format(Locale.ROOT, """
        modes: %.2f per prediction, %.1f%% with two or more; MAE of the mean %.3f, best mode %.3f, heaviest mode %.3f
        label within 2σ: of the mean %.1f%%, of some mode (mode recall) %.1f%%""",
        meanModes, 100 * multiModal, meanMae, bestModeMae, heaviestModeMae, 100 * meanRecall, 100 * modeRecall);
  }
}
