package io.ebmperception.schemas.sampling;

import java.util.random.RandomGenerator;

/**
 * A Fisher-Yates permutation of {@code 0..n-1} drawn from a given generator: the data order of
 * training epochs and the seed order of the mode search, the same for the same generator state.
 */
public final class Shuffle {
  private Shuffle() {}

  /** A permutation of {@code 0..n-1}; draws {@code n - 1} bounded integers from {@code random}. */
  public static int[] permutation(int n, RandomGenerator random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
