package io.ebmperception.trainer.eval;

import io.ebmperception.trainer.data.RegressionDataset;

/** The exact NLL of a model's MDN on test data, {@code -mean_i log q(y_i|x_i)}. */
public final class MdnNllEvaluation {
  private MdnNllEvaluation() {}

  public static double of(EnergyEvaluator evaluator, RegressionDataset data) {
    float[] logq = evaluator.pairedLogProposal(data.inputs(), data.inputShape(), data.targets());
    double sum = 0;
    for (float v : logq) {
      sum -= v;
    }
    return sum / logq.length;
  }
}
