package io.ebmperception.schemas.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Modes from the proposal's own structure: the samples drawn from each mixture component are one
 * group, with the importance weights deciding its mass and moments; groups whose means lie within
 * one σ + σ' of each other in every dimension are merged (pooled moments) until none overlap. Costs
 * O(M·D + K²), but it sees only as many modes as the proposal has components where the EBM is
 * sharper, and it splits a mode that two components share until the merge joins them.
 */
final class ComponentModes {
  private ComponentModes() {}

  /** Weighted moments of a group of samples, kept as sums so that groups merge exactly. */
  private static final class Group {
    double mass;
    final double[] sum;
    final double[] outer;

    Group(int d) {
      sum = new double[d];
      outer = new double[d * d];
    }

    double mean(int k) {
      return sum[k] / mass;
    }

    double variance(int k, int d) {
      return Math.max(0, outer[k * d + k] / mass - mean(k) * mean(k));
    }

    void absorb(Group other) {
      mass += other.mass;
      for (int k = 0; k < sum.length; k++) {
        sum[k] += other.sum[k];
      }
      for (int k = 0; k < outer.length; k++) {
        outer[k] += other.outer[k];
      }
    }
  }

  /**
   * @param w          {@code [M]} normalised weights
   * @param samples    {@code [M * D]}
   * @param components {@code [M]} the mixture component each sample was drawn from
   */
  static List<ModeEstimate> find(ModeSearch search, double[] w, float[] samples, int d, int[] components) {
    int k = 0;
    for (int c : components) {
      k = Math.max(k, c + 1);
    }
    Group[] byComponent = new Group[k];
    for (int i = 0; i < w.length; i++) {
      Group g = byComponent[components[i]];
      if (g == null) {
        g = new Group(d);
        byComponent[components[i]] = g;
      }
      g.mass += w[i];
      for (int a = 0; a < d; a++) {
        double ya = samples[i * d + a];
        g.sum[a] += w[i] * ya;
        for (int b = 0; b < d; b++) {
          g.outer[a * d + b] += w[i] * ya * samples[i * d + b];
        }
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Group g : byComponent) {
      if (g != null && g.mass > 0) {
        groups.add(g);
      }
    }
    boolean merged = true;
    while (merged) {
      merged = false;
      for (int a = 0; a < groups.size() && !merged; a++) {
        for (int b = a + 1; b < groups.size() && !merged; b++) {
          if (overlap(groups.get(a), groups.get(b), d)) {
            groups.get(a).absorb(groups.remove(b));
            merged = true;
          }
        }
      }
    }
    List<ModeEstimate> modes = new ArrayList<>();
    for (Group g : groups) {
      if (g.mass < search.minWeight()) {
        continue;
      }
      float[] mean = new float[d];
      float[] covariance = new float[d * d];
      for (int a = 0; a < d; a++) {
        mean[a] = (float) g.mean(a);
        for (int b = 0; b < d; b++) {
          covariance[a * d + b] = (float) (g.outer[a * d + b] / g.mass - g.mean(a) * g.mean(b));
        }
      }
      modes.add(new ModeEstimate(g.mass, mean, covariance));
    }
    modes.sort(Comparator.comparingDouble(ModeEstimate::weight).reversed());
    return List.copyOf(modes.subList(0, Math.min(search.maxModes(), modes.size())));
  }

  private static boolean overlap(Group a, Group b, int d) {
    for (int k = 0; k < d; k++) {
      double gap = Math.abs(a.mean(k) - b.mean(k));
      if (gap > Math.sqrt(a.variance(k, d)) + Math.sqrt(b.variance(k, d))) {
        return false;
      }
    }
    return true;
  }
}
