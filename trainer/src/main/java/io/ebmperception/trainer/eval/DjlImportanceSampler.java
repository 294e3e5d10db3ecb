package io.ebmperception.trainer.eval;

import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.sampling.MixtureSampler;
import io.ebmperception.schemas.sampling.ProposalParameters;
import io.ebmperception.schemas.sampling.SnisEstimate;
import io.ebmperception.schemas.sampling.ImportanceWeights;
import io.ebmperception.schemas.sampling.ModeSearch;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ebmperception.trainer.model.EnergyModel;
import io.ebmperception.trainer.model.MixtureParameters;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.util.ArrayList;
import java.util.List;

/**
 * The test-time predictor of a trained EBM with its MDN proposal: M samples from q(y|x), weights
 * {@code w ∝ exp f / q}, and from them mean, covariance, ESS, log Z, resampled hypotheses and
 * the modes (the same shared code as the stream app's, so both find the same modes).
 */
public final class DjlImportanceSampler {
  private final ProbabilisticRegressor model;
  private final NDManager manager;
  private final ParameterStore store;
  private final ModeSearch modes;

  /** A predictor that finds no modes. */
  public DjlImportanceSampler(ProbabilisticRegressor model, NDManager manager) {
    this(model, manager, ModeSearch.OFF);
  }

  public DjlImportanceSampler(ProbabilisticRegressor model, NDManager manager, ModeSearch modes) {
    if (!model.spec().energy() || !model.spec().hasProposal()) {
      throw new IllegalArgumentException(
          "importance sampling needs an EBM and a learned proposal (methods nce+kl, ml-is+kl, mdn-teacher)");
    }
    this.model = model;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
    this.modes = modes;
  }

  /**
   * Predicts for N inputs with the given noise.
   *
   * @param inputs {@code [N * inputSize]} row-major
   */
  public List<SnisEstimate> predict(float[] inputs, SampleNoise noise) {
    int n = noise.inputs();
    int m = noise.samples();
    int d = noise.targetDim();
    try (NDManager local = manager.newSubManager()) {
      NDArray x = local.create(inputs, EnergyEvaluator.batchShape(n, model.spec().inputShape()));
      NDArray features = model.energyFeatures(store, x, false);
      MixtureParameters q = model.proposalParameters(store, x, features, false);
      // Samples and log q by the shared plain-Java mixture code, as the app draws them.
      ProposalParameters p = new ProposalParameters(n, new float[0], q.means().toFloatArray(),
          q.logVariances().toFloatArray(), q.logWeights().toFloatArray());
      MixtureSampler mixture = new MixtureSampler((int) q.components(), d);
      float[] ys = new float[n * m * d];
      for (int i = 0; i < n; i++) {
        mixture.sample(p, i, java.util.Arrays.copyOfRange(noise.uniforms(), i * m, (i + 1) * m),
            java.util.Arrays.copyOfRange(noise.normals(), i * m * d, (i + 1) * m * d), ys, i * m * d);
      }
      NDArray samples = local.create(ys, new Shape(n, m, d));
      EnergyModel energy = model.energyModel();
      float[] f = energy.energyFromProjection(store, energy.project(store, features, false), samples, false)
          .toFloatArray();
      float[] logWeights = new float[n * m];
      double[] logq = new double[m];
      for (int i = 0; i < n; i++) {
        mixture.logDensity(p, i, ys, i * m * d, m, logq);
        for (int j = 0; j < m; j++) {
          logWeights[i * m + j] = (float) (f[i * m + j] - logq[j]);
        }
      }
      List<SnisEstimate> out = new ArrayList<>(n);
      int r = noise.hypotheses();
      for (int i = 0; i < n; i++) {
        out.add(ImportanceWeights.summarise(
            java.util.Arrays.copyOfRange(logWeights, i * m, (i + 1) * m),
            java.util.Arrays.copyOfRange(ys, i * m * d, (i + 1) * m * d), d,
            java.util.Arrays.copyOfRange(noise.resampling(), i * r, (i + 1) * r), modes));
      }
      return out;
    }
  }
}
