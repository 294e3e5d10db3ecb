package io.ebmperception.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.ebmperception.trainer.model.Architecture;
import io.ebmperception.trainer.model.MixtureParameters;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.Method;
import io.ebmperception.trainer.train.Objective;
import io.ebmperception.trainer.train.TrainingConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The paper's gradient semantics: which parameter groups each loss may and may not reach. Groups
 * are the model's children: features (EBM feature net), energy (EBM head), proposalFeatures (the
 * stand-alone MDN's own feature net) and proposal (MDN head).
 */
class GradientSemanticsTest {
  private static final int N = 6;
  private static final int M = 32;

  /** What one forward pass with a learned proposal produces. */
  record Forward(NDArray energies, NDArray logqDraws, NDArray logqTruth) {
    NDArray drawEnergies() {
      return energies.get(":, 1:");
    }

    NDArray candidatesLogq() {
      return logqTruth.concat(logqDraws, 1);
    }
  }

  private static Map<String, Double> gradientNorms(Method method,
      Function<Forward, NDArray> lossOf) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      ProbabilisticRegressor model = ProbabilisticRegressor.of(
          method.modelSpec(new long[] {1}, 1, 4, Architecture.toy()));
      model.initialize(manager);
      for (Pair<String, Parameter> p : model.getParameters()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
      ParameterStore store = new ParameterStore(manager, false);
      NDArray x = manager.randomUniform(-3f, 3f, new Shape(N, 1));
      NDArray y = manager.randomNormal(new Shape(N, 1));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss;
        if (lossOf == null) {
          loss = new Objective(method, M, TrainingConfig.builder().build().noise())
              .loss(model, store, x, y);
        } else {
          NDArray features = model.energyFeatures(store, x, true);
          MixtureParameters q = model.proposalParameters(store, x, features, true);
          NDArray draws = q.stopGradient().sample(manager, M);
          NDArray truth = y.expandDims(1);
          NDArray energies = model.energy(store, features, truth.concat(draws, 1), true);
          loss = lossOf.apply(new Forward(energies, q.logDensity(draws), q.logDensity(truth)));
        }
        gc.backward(loss);
      }
      Map<String, Double> norms = new HashMap<>();
      for (Pair<String, Parameter> p : model.getParameters()) {
        String group = p.getKey().split("_")[0].replaceAll("^\\d+", "");
        NDArray g = p.getValue().getArray().getGradient();
        norms.merge(group, (double) g.abs().sum().getFloat(), Double::sum);
      }
      return norms;
    }
  }

  @Test
  void nceTrainsTheEbmAndNotTheProposal() {
    Map<String, Double> g = gradientNorms(Method.NCE_KL,
        f -> new NceLoss().compute(f.energies(), f.candidatesLogq()));
    assertThat(g.get("features")).isPositive();
    assertThat(g.get("energy")).isPositive();
    assertThat(g.get("proposal")).isZero();
  }

  @Test
  void klReachesTheProposalOnlyNotTheEbmNorItsFeatures() {
    Map<String, Double> g = gradientNorms(Method.NCE_KL,
        f -> new ProposalKlLoss().compute(f.drawEnergies(), f.logqDraws()));
    assertThat(g.get("proposal")).isPositive();
    assertThat(g.get("energy")).isZero();
    assertThat(g.get("features")).isZero();
  }

  @Test
  void jointObjectiveTrainsEveryPart() {
    Map<String, Double> g = gradientNorms(Method.NCE_KL, null);
    assertThat(g.values()).allSatisfy(v -> assertThat(v).isPositive());
    assertThat(g).containsOnlyKeys("features", "energy", "proposal");
  }

  @Test
  void unifiedObjectiveReachesBothEbmAndProposal() {
    Map<String, Double> g = gradientNorms(Method.ML_IS_KL, null);
    assertThat(g.get("energy")).isPositive();
    assertThat(g.get("features")).isPositive();
    assertThat(g.get("proposal")).isPositive();
  }

  @Test
  void teacherLossTrainsTheStandAloneMdnOnly() {
    Map<String, Double> g = gradientNorms(Method.MDN_TEACHER,
        f -> new TeacherMdnLoss().compute(f.drawEnergies(), f.logqDraws(), f.logqTruth().squeeze(1)));
    assertThat(g.get("proposal")).isPositive();
    assertThat(g.get("proposalFeatures")).isPositive();
    assertThat(g.get("energy")).isZero();
    assertThat(g.get("features")).isZero();
    Map<String, Double> nce = gradientNorms(Method.MDN_TEACHER,
        f -> new NceLoss().compute(f.energies(), f.candidatesLogq()));
    assertThat(nce.get("proposal")).isZero();
    assertThat(nce.get("proposalFeatures")).isZero();
    assertThat(nce.get("energy")).isPositive();
  }

  @Test
  void baselinesTrainOnlyWhatTheyHave() {
    assertThat(gradientNorms(Method.MDN_NLL, null)).containsOnlyKeys("proposalFeatures", "proposal")
        .allSatisfy((k, v) -> assertThat(v).isPositive());
    assertThat(gradientNorms(Method.NCE, null)).containsOnlyKeys("features", "energy")
        .allSatisfy((k, v) -> assertThat(v).isPositive());
    assertThat(gradientNorms(Method.ML_IS, null)).containsOnlyKeys("features", "energy")
        .allSatisfy((k, v) -> assertThat(v).isPositive());
  }
}
