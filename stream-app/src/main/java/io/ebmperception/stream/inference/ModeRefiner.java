package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.ModeEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * Refines each mode on the energy, as in the prior work: a few steps of gradient ascent
 * {@code y ← y + λ Σ ∇_y f(x, y)} from the mode's mean, with Σ the mode's own (diagonal) covariance,
 * so that λ = 1 lands on the peak of a Gaussian-shaped mode whatever the target's units. A step
 * that lowers f is undone and λ halved. The gradient comes from the bundle's per-sample graph in
 * ONNX Runtime by central differences ({@code ε = 0.01 σ}); the network is piecewise linear in y
 * (ReLU), so away from a kink these are its exact gradient. Every step is one ONNX call for the
 * whole batch: {@code (2D + 1)} points per mode.
 */
public final class ModeRefiner {
  private static final double EPSILON = 0.01;
  private final OnnxModel model;
  private final int steps;
  private final double stepSize;

  /**
   * How modes are refined.
   *
   * @param steps    gradient steps per mode (0: no refinement)
   * @param stepSize λ, in units of the mode's variance
   */
  public record Settings(int steps, double stepSize) {
    /** No refinement. */
    public static final Settings OFF = new Settings(0, 1.0);

    public Settings {
      if (steps < 0 || !(stepSize > 0)) {
        throw new IllegalArgumentException("refinement needs steps >= 0 and a positive step size, got "
            + steps + " and " + stepSize);
      }
    }
  }

  public ModeRefiner(OnnxModel model, Settings settings) {
    this.model = model;
    this.steps = settings.steps();
    this.stepSize = settings.stepSize();
  }

  public boolean enabled() {
    return steps > 0;
  }

  /** One mode being climbed: the best point so far, its energy and gradient, the point to try. */
  private static final class Climb {
    final double[] sigma;
    double[] best;
    double bestEnergy = Double.NEGATIVE_INFINITY;
    double[] gradient;
    double[] trial;
    double lambda;

    Climb(ModeEstimate mode, double lambda) {
      int d = mode.mean().length;
      sigma = new double[d];
      trial = new double[d];
      for (int k = 0; k < d; k++) {
        trial[k] = mode.mean()[k];
        sigma[k] = Math.max(mode.sigma(k), 1e-4 * (1 + Math.abs(trial[k])));
      }
      best = trial.clone();
      this.lambda = lambda;
    }

    /** Takes the energies at the trial point and its 2D neighbours; picks the next trial point. */
    void update(float[] energies, int offset) {
      int d = trial.length;
      double f = energies[offset];
      if (f >= bestEnergy) {
        best = trial.clone();
        bestEnergy = f;
        gradient = new double[d];
        for (int k = 0; k < d; k++) {
          gradient[k] = (energies[offset + 1 + 2 * k] - energies[offset + 2 + 2 * k]) / (2 * EPSILON * sigma[k]);
        }
      } else {
        lambda /= 2;
      }
      for (int k = 0; k < d; k++) {
        trial[k] = best[k] + lambda * sigma[k] * sigma[k] * gradient[k];
      }
    }
  }

  /**
   * Refines the modes of B inputs.
   *
   * @param projection {@code [B, H]} the inputs' projections from the per-input graph
   * @param modes      per input, its modes (may be empty)
   * @return per input, the modes with refined means (weights and covariances unchanged)
   */
  public List<List<ModeEstimate>> refine(float[] projection, List<List<ModeEstimate>> modes) {
    if (!enabled()) {
      return modes;
    }
    int batch = modes.size();
    int d = model.bundle().targetDim();
    int perMode = 2 * d + 1;
    int most = modes.stream().mapToInt(List::size).max().orElse(0);
    if (most == 0) {
      return modes;
    }
    List<List<Climb>> climbs = new ArrayList<>();
    for (List<ModeEstimate> own : modes) {
      climbs.add(own.stream().map(m -> new Climb(m, stepSize)).toList());
    }
    int points = most * perMode;
    float[] ys = new float[batch * points * d];
    for (int step = 0; step <= steps; step++) {
      for (int b = 0; b < batch; b++) {
        List<Climb> own = climbs.get(b);
        for (int j = 0; j < most; j++) {
          // Inputs with fewer modes repeat their first (or a zero point); those energies are not read.
          double[] y = own.isEmpty() ? new double[d] : own.get(Math.min(j, own.size() - 1)).trial;
          double[] sigma = own.isEmpty() ? new double[d] : own.get(Math.min(j, own.size() - 1)).sigma;
          int base = (b * points + j * perMode) * d;
          for (int p = 0; p < perMode; p++) {
            for (int k = 0; k < d; k++) {
              double shift = p == 0 ? 0 : (p - 1) / 2 == k ? ((p - 1) % 2 == 0 ? 1 : -1) * EPSILON * sigma[k] : 0;
              ys[base + p * d + k] = (float) (y[k] + shift);
            }
          }
        }
      }
      float[] f = model.energies(projection, ys, batch, points);
      for (int b = 0; b < batch; b++) {
        List<Climb> own = climbs.get(b);
        for (int j = 0; j < own.size(); j++) {
          own.get(j).update(f, b * points + j * perMode);
        }
      }
    }
    List<List<ModeEstimate>> out = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      List<ModeEstimate> refined = new ArrayList<>();
      for (int j = 0; j < modes.get(b).size(); j++) {
        ModeEstimate m = modes.get(b).get(j);
        double[] best = climbs.get(b).get(j).best;
        float[] mean = new float[d];
        for (int k = 0; k < d; k++) {
          mean[k] = (float) best[k];
        }
        refined.add(new ModeEstimate(m.weight(), mean, m.covariance()));
      }
      out.add(List.copyOf(refined));
    }
    return out;
  }
}
