package io.ebmperception.schemas.sampling;

import java.util.Locale;

/**
 * How the modes of a prediction are looked for among its weighted samples. The default,
 * {@link Method#MEAN_SHIFT}, is weighted mean shift with a biweight kernel whose radius in each
 * dimension is {@code bandwidth} times Silverman's rule for that dimension's overall standard
 * deviation and the weights' effective sample size ({@link WeightedMeanShift}); the alternative,
 * {@link Method#COMPONENTS}, groups the samples by the proposal component that drew them
 * ({@link ComponentModes}). Off when {@code maxModes} is 0.
 *
 * @param maxModes  modes kept per prediction, heaviest first (0: no search)
 * @param bandwidth kernel radius as a multiple of Silverman's rule (which over-smooths a density
 *                  with several modes); smaller finds closer modes
 * @param seeds     starting points, drawn by systematic resampling so that heavy regions get more
 * @param minWeight modes lighter than this are dropped
 * @param method    how the samples are grouped into modes
 */
public record ModeSearch(int maxModes, double bandwidth, int seeds, double minWeight, Method method) {
  /** No mode search: predictions carry no modes. */
  public static final ModeSearch OFF = new ModeSearch(0, 1.0, 1, 0, Method.MEAN_SHIFT);

  /** How samples become modes. */
  public enum Method {
    /** Mean shift on the weighted samples alone: finds every separated hump, whatever drew it. */
    MEAN_SHIFT,
    /** One group per proposal component, merged where they overlap: needs each sample's component. */
    COMPONENTS
  }

  public ModeSearch {
    if (maxModes < 0 || seeds < 1 || !(bandwidth > 0) || !(minWeight >= 0 && minWeight < 1) || method == null) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "mode search needs maxModes >= 0, seeds >= 1, bandwidth > 0 and 0 <= minWeight < 1; got %d, %d, %s, %s",
          maxModes, seeds, bandwidth, minWeight));
    }
  }

  /** The serving default: up to {@code maxModes} modes, Silverman's radius, 16 seeds, modes of 2 % or more. */
  public static ModeSearch upTo(int maxModes) {
    return maxModes == 0 ? OFF : new ModeSearch(maxModes, 1.0, 16, 0.02, Method.MEAN_SHIFT);
  }

  public boolean enabled() {
    return maxModes > 0;
  }

  public ModeSearch withBandwidth(double value) {
    return new ModeSearch(maxModes, value, seeds, minWeight, method);
  }

  public ModeSearch withSeeds(int value) {
    return new ModeSearch(maxModes, bandwidth, value, minWeight, method);
  }

  public ModeSearch withMethod(Method value) {
    return new ModeSearch(maxModes, bandwidth, seeds, minWeight, value);
  }
}
