package io.ebmperception.schemas.sampling;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.Arrays;

/**
 * Calibration of the EBM's predictive distribution by a temperature on its energy,
 * {@code p_T(y|x) ∝ exp(f(x, y) / T)}: the regression analogue of the temperature scaling of Guo et
 * al., "On Calibration of Modern Neural Networks" (ICML 2017). T above 1 widens every spread, below
 * 1 narrows it; the modes stay where they are. T is fitted after training by minimising the NLL of
 * held-out labels (a proper score, so T = 1 is kept when it is already best), with log Z_T(x)
 * estimated by self-normalised importance sampling from the model's own proposal, exactly as a
 * prediction is made.
 *
 * <p>Plain Java, shared by the trainer (fit after training) and the stream app (serving, and the
 * {@code recalibrate} command on a deployment's labelled recordings), so that both temper the same
 * way. The trust verdict is judged on the trained energy (T = 1) and is left unchanged by it.
 */
public final class TemperatureScaling {
  /** The smallest temperature the fit considers. */
  public static final double MIN_TEMPERATURE = 0.2;
  /** The largest temperature the fit considers. */
  public static final double MAX_TEMPERATURE = 5.0;
  /** The fit needs at least this many labelled inputs. */
  public static final int MIN_INPUTS = 20;
  private static final int GRID = 49;
  private static final int REFINEMENTS = 40;

  private TemperatureScaling() {}

  /** The log importance weight of a sample under the tempered EBM: {@code f / T − log q}. */
  public static double logWeight(double energy, double logProposal, double temperature) {
    return energy / temperature - logProposal;
  }

  /**
   * What the fit needs about N labelled inputs, M proposal samples each.
   *
   * @param samples      M
   * @param targetDim    D
   * @param trueEnergies {@code [N]} f(x_i, y_i) at the labels
   * @param energies     {@code [N * M]} f(x_i, y_im) at the proposal samples
   * @param logProposal  {@code [N * M]} log q(y_im | x_i)
   * @param draws        {@code [N * M * D]} the samples y_im
   * @param targets      {@code [N * D]} the labels y_i
   */
  public record Evidence(int samples, int targetDim, float[] trueEnergies, float[] energies, float[] logProposal,
      float[] draws, float[] targets) {
    public Evidence {
      int n = trueEnergies.length;
      if (samples < 1 || targetDim < 1 || energies.length != n * samples || logProposal.length != n * samples
          || draws.length != n * samples * targetDim || targets.length != n * targetDim) {
        throw new IllegalArgumentException("calibration evidence of inconsistent sizes: N = " + n + ", M = " + samples
            + ", D = " + targetDim + ", energies " + energies.length + ", log q " + logProposal.length + ", draws "
            + draws.length + ", targets " + targets.length);
      }
    }

    /** N. */
    public int inputs() {
      return trueEnergies.length;
    }
  }

  /**
   * A fitted temperature and what it changed on the evidence it was fitted on.
   *
   * @param temperature    T
   * @param nllBefore      mean NLL at T = 1
   * @param nllAfter       mean NLL at T
   * @param coverageBefore share of labels inside the central intervals at T = 1, per level of
   *                       {@link CentralIntervals#LEVELS}, pooled over dimensions
   * @param coverageAfter  the same at T
   * @param inputs         N, the labelled inputs it was fitted on
   * @param samples        M per input
   */
  public record Fit(double temperature, double nllBefore, double nllAfter, double[] coverageBefore,
      double[] coverageAfter, int inputs, int samples) {

    /**
     * This fit as a bundle's calibration.
     *
     * @param fittedOn        what the labelled inputs were, for a person reading the manifest
     * @param previousVersion the bundle version it recalibrates, or null after training
     */
    public Manifest.CalibrationSpec toSpec(String fittedOn, String previousVersion) {
      return new Manifest.CalibrationSpec(temperature, fittedOn, inputs, samples, nllBefore, nllAfter,
          floats(coverageBefore), floats(coverageAfter), previousVersion);
    }

    private static float[] floats(double[] values) {
      float[] out = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        out[i] = (float) values[i];
      }
      return out;
    }
  }

  /** The temperature in [{@link #MIN_TEMPERATURE}, {@link #MAX_TEMPERATURE}] of least NLL on {@code evidence}. */
  public static Fit fit(Evidence evidence) {
    if (evidence.inputs() < MIN_INPUTS) {
      throw new IllegalArgumentException("a temperature needs at least " + MIN_INPUTS + " labelled inputs, got "
          + evidence.inputs());
    }
    double lo = Math.log(MIN_TEMPERATURE);
    double step = (Math.log(MAX_TEMPERATURE) - lo) / (GRID - 1);
    int best = 0;
    double bestNll = Double.POSITIVE_INFINITY;
    for (int g = 0; g < GRID; g++) {
      double value = nll(evidence, Math.exp(lo + g * step));
      if (value < bestNll) {
        bestNll = value;
        best = g;
      }
    }
    // golden-section search between the best grid point's neighbours, on log T
    double a = lo + Math.max(0, best - 1) * step;
    double b = lo + Math.min(GRID - 1, best + 1) * step;
    double ratio = (Math.sqrt(5) - 1) / 2;
    double c = b - ratio * (b - a);
    double d = a + ratio * (b - a);
    double fc = nll(evidence, Math.exp(c));
    double fd = nll(evidence, Math.exp(d));
    for (int i = 0; i < REFINEMENTS; i++) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - ratio * (b - a);
        fc = nll(evidence, Math.exp(c));
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + ratio * (b - a);
        fd = nll(evidence, Math.exp(d));
      }
    }
    double t = bounded(Math.exp((a + b) / 2));
    double refined = nll(evidence, t);
    if (refined > bestNll) {
      t = bounded(Math.exp(lo + best * step));
      refined = bestNll;
    }
    return new Fit(t, nll(evidence, 1.0), refined, coverage(evidence, 1.0), coverage(evidence, t), evidence.inputs(),
        evidence.samples());
  }

  private static double bounded(double t) {
    return Math.min(MAX_TEMPERATURE, Math.max(MIN_TEMPERATURE, t));
  }

  /** Whether {@code t} is at a bound of the fit's range: the labels wanted a temperature beyond it. */
  public static boolean atBound(double t) {
    return t <= MIN_TEMPERATURE * 1.0001 || t >= MAX_TEMPERATURE * 0.9999;
  }

  /**
   * Fills {@code w} with the normalised weights of input {@code i}'s samples under the EBM tempered
   * by {@code t}, and returns {@code log Σ_m exp(f_m / T − log q_m)} (their log normaliser).
   */
  private static double weights(Evidence e, int i, double t, double[] w) {
    int m = e.samples();
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < m; j++) {
      w[j] = logWeight(e.energies()[i * m + j], e.logProposal()[i * m + j], t);
      max = Math.max(max, w[j]);
    }
    double sum = 0;
    for (int j = 0; j < m; j++) {
      w[j] = Math.exp(w[j] - max);
      sum += w[j];
    }
    for (int j = 0; j < m; j++) {
      w[j] /= sum;
    }
    return max + Math.log(sum);
  }

  /**
   * The mean NLL of the labels under the EBM tempered by {@code t}:
   * {@code −f(x, y)/T + log( (1/M) Σ_m exp(f_m / T − log q_m) )}.
   */
  public static double nll(Evidence e, double t) {
    int m = e.samples();
    double total = 0;
    double[] lw = new double[m];
    for (int i = 0; i < e.inputs(); i++) {
      total += weights(e, i, t, lw) - Math.log(m) - e.trueEnergies()[i] / t;
    }
    return total / e.inputs();
  }

  /**
   * The share of labels inside the tempered EBM's highest-density regions, per level of
   * {@link CentralIntervals#LEVELS}: the joint region of all D dimensions at once. The level-a region
   * is {@code {y : f(x, y) ≥ τ}} with τ the energy above which the importance-weighted samples hold
   * mass a; a label is inside when its own energy reaches τ. For D = 1 and a unimodal p it is the
   * shortest interval; for D > 1 it is the region a planner's joint claim rests on.
   */
  public static double[] regionCoverage(Evidence e, double t) {
    int m = e.samples();
    int levels = CentralIntervals.LEVELS.length;
    long[] inside = new long[levels];
    double[] w = new double[m];
    Integer[] order = new Integer[m];
    for (int i = 0; i < e.inputs(); i++) {
      weights(e, i, t, w);
      for (int j = 0; j < m; j++) {
        order[j] = j;
      }
      final int row = i;
      Arrays.sort(order, (a, b) -> Float.compare(e.energies()[row * m + b], e.energies()[row * m + a]));
      for (int l = 0; l < levels; l++) {
        double acc = 0;
        float threshold = e.energies()[row * m + order[m - 1]];
        for (Integer j : order) {
          acc += w[j];
          if (acc >= CentralIntervals.LEVELS[l]) {
            threshold = e.energies()[row * m + j];
            break;
          }
        }
        inside[l] += e.trueEnergies()[i] >= threshold ? 1 : 0;
      }
    }
    double[] out = new double[levels];
    for (int l = 0; l < levels; l++) {
      out[l] = inside[l] / (double) e.inputs();
    }
    return out;
  }

  /**
   * The share of labels inside the tempered EBM's central intervals ({@link CentralIntervals}),
   * per level, pooled over the D dimensions.
   */
  public static double[] coverage(Evidence e, double t) {
    double[][] perDimension = coveragePerDimension(e, t);
    double[] out = new double[perDimension.length];
    for (int l = 0; l < out.length; l++) {
      out[l] = Arrays.stream(perDimension[l]).average().orElse(Double.NaN);
    }
    return out;
  }

  /** As {@link #coverage}, per level and dimension: {@code [L][D]}. */
  public static double[][] coveragePerDimension(Evidence e, double t) {
    int m = e.samples();
    int d = e.targetDim();
    int levels = CentralIntervals.LEVELS.length;
    double[][] inside = new double[levels][d];
    double[] w = new double[m];
    for (int i = 0; i < e.inputs(); i++) {
      weights(e, i, t, w);
      float[] intervals = CentralIntervals.of(w, Arrays.copyOfRange(e.draws(), i * m * d, (i + 1) * m * d), d);
      for (int l = 0; l < levels; l++) {
        for (int k = 0; k < d; k++) {
          inside[l][k] += CentralIntervals.covers(intervals, d, l, k, e.targets()[i * d + k]) ? 1 : 0;
        }
      }
    }
    for (double[] level : inside) {
      for (int k = 0; k < d; k++) {
        level[k] /= e.inputs();
      }
    }
    return inside;
  }
}
