package io.ebmperception.testkit;

import static org.assertj.core.api.Assertions.assertThat;

/** Element-wise comparison of float arrays with a tolerance, naming the first element that differs. */
public final class FloatAsserts {
  private FloatAsserts() {}

  /**
   * Asserts equal lengths and {@code |actual[i] − expected[i]| ≤ absolute + relative · |expected[i]|}
   * for every i.
   */
  public static void assertClose(float[] actual, float[] expected, double absolute, double relative) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      double allowed = absolute + relative * Math.abs(expected[i]);
      assertThat(Math.abs((double) actual[i] - expected[i])).as("element %d: %s against %s", i, actual[i], expected[i])
          .isLessThanOrEqualTo(allowed);
    }
  }
}
