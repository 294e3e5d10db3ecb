package io.ebmperception.schemas.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds the modes of a weighted sample set by mean shift on a kernel density with the biweight
 * kernel ({@code (1 - r²)²} within one radius; its mean-shift step weights samples by
 * {@code 1 - r²}): from each seed, move to the kernel-weighted mean of the samples around it until
 * it stops. Two peaks are one mode unless the density dips between them (below {@value #VALLEY}
 * of the lower peak on the segment joining them), so sampling noise on a single hump does not
 * split it. Every sample then belongs to its nearest mode, whose weight, mean and covariance are
 * those of its samples.
 *
 * <p>Cost: the climbing and the valley tests run on at most {@value #CLOUD} points drawn from the
 * weighted samples by systematic resampling (in units of the radius, so a distance is a plain sum
 * of squares); only the final assignment touches every sample. The kernel needs no {@code exp}.
 */
final class WeightedMeanShift {
  private static final int MAX_STEPS = 50;
  /** Points the density is estimated from; more weighted samples are resampled down to this. */
  static final int CLOUD = 256;
  /** Samples lighter than this fraction of the heaviest one are ignored (they move nothing). */
  private static final double NEGLIGIBLE = 1e-6;
  /** Peaks are separate modes only if the density between them falls below this share of the lower. */
  static final double VALLEY = 0.75;

  private WeightedMeanShift() {}

  /** Weighted points in units of the kernel radius: {@code x[i * d + k] = y / radius_k}. */
  private record Cloud(double[] x, double[] w, int d) {
    int size() {
      return w.length;
    }

    double distance2(double[] p, int i) {
      double sum = 0;
      for (int k = 0; k < d; k++) {
        double z = x[i * d + k] - p[k];
        sum += z * z;
      }
      return sum;
    }

    /** The biweight kernel density at p, up to a constant. */
    double density(double[] p) {
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        double r2 = distance2(p, i);
        if (r2 < 1) {
          double k = 1 - r2;
          sum += w[i] * k * k;
        }
      }
      return sum;
    }
  }

  /**
   * @param w       {@code [M]} normalised weights
   * @param samples {@code [M * D]}
   * @param sigma   {@code [D]} overall weighted standard deviation per dimension
   * @param ess     effective sample size of the weights
   */
  static List<ModeEstimate> find(ModeSearch search, double[] w, float[] samples, int d, double[] sigma, double ess) {
    double[] radius = new double[d];
    double rule = silverman(d, Math.min(ess, CLOUD));
    for (int k = 0; k < d; k++) {
      radius[k] = Math.max(search.bandwidth() * rule * sigma[k], 1e-6);
    }
    int[] order = Shuffle.permutation(w.length, new SplittableRandom(0x5EED));
    Cloud cloud = cloud(w, samples, d, radius, order);
    List<double[]> peaks = new ArrayList<>();
    for (int seed : resample(w, order, search.seeds())) {
      double[] x = new double[d];
      for (int k = 0; k < d; k++) {
        x[k] = samples[seed * d + k] / radius[k];
      }
      double[] peak = climb(x, cloud, peaks);
      if (peaks.stream().noneMatch(c -> distance2(c, peak) < 0.0625)) {
        peaks.add(peak);
      }
    }
    return basins(search, separate(peaks, cloud), w, samples, d, radius);
  }

  /**
   * Silverman's rule of thumb for the biweight kernel's radius, in units of σ:
   * {@code 2.78 (4 / (D + 2))^(1/(D+4)) n^(-1/(D+4))} with n the effective sample size (2.78
   * converts a Gaussian kernel's width to the biweight radius of equal smoothing); n is at most
   * the {@value #CLOUD} points the density is estimated from.
   */
  static double silverman(int d, double ess) {
    double exponent = 1.0 / (d + 4);
    return 2.78 * Math.pow(4.0 / (d + 2), exponent) * Math.pow(Math.max(ess, 1), -exponent);
  }

  /** The samples that matter, or {@value #CLOUD} of them resampled by weight, in units of the radius. */
  private static Cloud cloud(double[] w, float[] samples, int d, double[] radius, int[] order) {
    double max = Arrays.stream(w).max().orElse(0);
    int[] picked;
    double[] weight;
    int heavy = (int) Arrays.stream(w).filter(v -> v >= max * NEGLIGIBLE).count();
    if (heavy <= CLOUD) {
      picked = new int[heavy];
      weight = new double[heavy];
      int n = 0;
      for (int i = 0; i < w.length; i++) {
        if (w[i] >= max * NEGLIGIBLE) {
          picked[n] = i;
          weight[n++] = w[i];
        }
      }
    } else {
      int[] drawn = resampleWithRepeats(w, order, CLOUD);
      int[] counts = new int[w.length];
      for (int i : drawn) {
        counts[i]++;
      }
      picked = Arrays.stream(drawn).distinct().toArray();
      weight = new double[picked.length];
      for (int j = 0; j < picked.length; j++) {
        weight[j] = counts[picked[j]] / (double) CLOUD;
      }
    }
    double[] x = new double[picked.length * d];
    for (int j = 0; j < picked.length; j++) {
      for (int k = 0; k < d; k++) {
        x[j * d + k] = samples[picked[j] * d + k] / radius[k];
      }
    }
    return new Cloud(x, weight, d);
  }

  /** Distinct sample indices by systematic resampling ({@link #resampleWithRepeats}). */
  private static int[] resample(double[] w, int[] order, int count) {
    return Arrays.stream(resampleWithRepeats(w, order, count)).distinct().toArray();
  }

  /**
   * Systematic resampling: sample indices at CDF positions (s + ½) / S. The CDF runs over a fixed
   * pseudo-random permutation of the samples, so the draw does not depend on the order the samples
   * come in (and the trainer and the app, which share this code, draw the same).
   */
  private static int[] resampleWithRepeats(double[] w, int[] order, int count) {
    int[] out = new int[count];
    double acc = 0;
    int i = 0;
    for (int s = 0; s < count; s++) {
      double u = (s + 0.5) / count;
      while (i < w.length - 1 && acc + w[order[i]] <= u) {
        acc += w[order[i]];
        i++;
      }
      out[s] = order[i];
    }
    return out;
  }

  /** Mean shift from x until it stops, or until it comes within a tenth of a radius of a known peak. */
  private static double[] climb(double[] x, Cloud cloud, List<double[]> known) {
    int d = x.length;
    for (int step = 0; step < MAX_STEPS; step++) {
      for (double[] peak : known) {
        if (distance2(peak, x) < 0.01) {
          return peak;
        }
      }
      double[] next = new double[d];
      double mass = 0;
      for (int i = 0; i < cloud.size(); i++) {
        double r2 = cloud.distance2(x, i);
        if (r2 < 1) {
          double g = cloud.w()[i] * (1 - r2);
          mass += g;
          for (int k = 0; k < d; k++) {
            next[k] += g * cloud.x()[i * d + k];
          }
        }
      }
      if (mass == 0) {
        return x;
      }
      double shift = 0;
      for (int k = 0; k < d; k++) {
        next[k] /= mass;
        shift += (next[k] - x[k]) * (next[k] - x[k]);
      }
      x = next;
      if (shift < 1e-6) {
        break;
      }
    }
    return x;
  }

  /** The peaks that are separate modes: highest first, each kept unless no valley parts it from a kept one. */
  private static List<double[]> separate(List<double[]> peaks, Cloud cloud) {
    double[] heights = peaks.stream().mapToDouble(cloud::density).toArray();
    Integer[] order = new Integer[peaks.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> -heights[i]));
    List<double[]> kept = new ArrayList<>();
    for (int i : order) {
      double[] p = peaks.get(i);
      double floor = VALLEY * heights[i];
      if (kept.stream().allMatch(q -> valleyBetween(p, q, floor, cloud))) {
        kept.add(p);
      }
    }
    return kept;
  }

  /** Whether the density falls below {@code floor} somewhere on the segment from a to b. */
  private static boolean valleyBetween(double[] a, double[] b, double floor, Cloud cloud) {
    int steps = (int) Math.min(16, Math.ceil(2 * Math.sqrt(distance2(a, b))));
    for (int s = 1; s < steps; s++) {
      double t = (double) s / steps;
      double[] x = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        x[k] = a[k] + t * (b[k] - a[k]);
      }
      if (cloud.density(x) < floor) {
        return true;
      }
    }
    return false;
  }

  /** Each sample to its nearest centre; the weighted moments of every basin. */
  private static List<ModeEstimate> basins(ModeSearch search, List<double[]> centres, double[] w, float[] samples,
      int d, double[] radius) {
    int c = centres.size();
    int m = w.length;
    double[] mass = new double[c];
    double[][] sum = new double[c][d];
    int[] owner = new int[m];
    double[] z = new double[d];
    for (int i = 0; i < m; i++) {
      if (w[i] == 0) {
        continue;
      }
      for (int k = 0; k < d; k++) {
        z[k] = samples[i * d + k] / radius[k];
      }
      int best = 0;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        double dist = distance2(centres.get(j), z);
        if (dist < bestDistance) {
          bestDistance = dist;
          best = j;
        }
      }
      owner[i] = best;
      mass[best] += w[i];
      for (int k = 0; k < d; k++) {
        sum[best][k] += w[i] * samples[i * d + k];
      }
    }
    double[][] cov = new double[c][d * d];
    for (int i = 0; i < m; i++) {
      int j = owner[i];
      if (w[i] == 0) {
        continue;
      }
      for (int a = 0; a < d; a++) {
        double da = samples[i * d + a] - sum[j][a] / mass[j];
        for (int b = 0; b < d; b++) {
          cov[j][a * d + b] += w[i] * da * (samples[i * d + b] - sum[j][b] / mass[j]);
        }
      }
    }
    List<ModeEstimate> modes = new ArrayList<>();
    for (int j = 0; j < c; j++) {
      if (mass[j] <= 0 || mass[j] < search.minWeight()) {
        continue;
      }
      float[] mean = new float[d];
      float[] covariance = new float[d * d];
      for (int k = 0; k < d; k++) {
        mean[k] = (float) (sum[j][k] / mass[j]);
      }
      for (int k = 0; k < d * d; k++) {
        covariance[k] = (float) (cov[j][k] / mass[j]);
      }
      modes.add(new ModeEstimate(mass[j], mean, covariance));
    }
    modes.sort(Comparator.comparingDouble(ModeEstimate::weight).reversed());
    return List.copyOf(modes.subList(0, Math.min(search.maxModes(), modes.size())));
  }

  private static double distance2(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      double z = a[k] - b[k];
      sum += z * z;
    }
    return sum;
  }
}
