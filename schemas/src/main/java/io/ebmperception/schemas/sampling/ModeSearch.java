package io.ebmperception.schemas.sampling;

import java.util.Locale;

/**
 * How the modes of a prediction are looked for among its weighted samples: weighted mean shift
 * with a biweight kernel whose radius in each dimension is {@code bandwidth} times Silverman's
 * rule for that dimension's overall standard deviation and the weights' effective sample size
 * ({@link WeightedMeanShift}). Off when {@code maxModes} is 0.
 *
 * @param maxModes  modes kept per prediction, heaviest first (0: no search)
 * @param bandwidth kernel radius as a multiple of Silverman's rule (which over-smooths a density
 *                  with several modes); smaller finds closer modes
 * @param seeds     starting points, drawn by systematic resampling so that heavy regions get more
 * @param minWeight modes lighter than this are dropped
 */
public record ModeSearch(int maxModes, double bandwidth, int seeds, double minWeight) {
  /** No mode search: predictions carry no modes. */
  public static final ModeSearch OFF = new ModeSearch(0, 1.0, 1, 0);

  public ModeSearch {
    if (maxModes < 0 || seeds < 1 || !(bandwidth > 0) || !(minWeight >= 0 && minWeight < 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "mode search needs maxModes >= 0, seeds >= 1, bandwidth > 0 and 0 <= minWeight < 1; got %d, %d, %s, %s",
          maxModes, seeds, bandwidth, minWeight));
    }
  }

  /** The serving default: up to {@code maxModes} modes, Silverman's radius, 16 seeds, modes of 2 % or more. */
  public static ModeSearch upTo(int maxModes) {
    return maxModes == 0 ? OFF : new ModeSearch(maxModes, 1.0, 16, 0.02);
  }

  public boolean enabled() {
    return maxModes > 0;
  }

  public ModeSearch withBandwidth(double value) {
    return new ModeSearch(maxModes, value, seeds, minWeight);
  }

  public ModeSearch withSeeds(int value) {
    return new ModeSearch(maxModes, bandwidth, value, minWeight);
  }
}
