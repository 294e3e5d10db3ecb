package io.ebmperception.trainer.run;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.model.ParameterCopy;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import io.ebmperception.trainer.train.TrainingConfig;
import io.ebmperception.trainer.train.TrainingLoop;
import io.ebmperception.trainer.train.WarmStart;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a run's model from an earlier run's final checkpoint ({@link WarmStart}): copies its
 * feature net into every feature net of the new model, or every parameter whose name and shape
 * match. A part that does not fit is a one-line error naming both shapes, never a silent skip.
 */
public final class WarmStarts {
  private static final Logger LOG = LoggerFactory.getLogger(WarmStarts.class);

  private WarmStarts() {}

  /**
   * The model {@code config} describes for {@code data}, started from its warm start if it has
   * one. Starting the whole model keeps the earlier run's units (input and target scaling), so that
   * the copied weights mean what they meant.
   */
  public static ProbabilisticRegressor newModel(TrainingConfig config, RegressionDataset data,
      NDManager manager) {
    WarmStart start = config.schedule().warmStart();
    if (start == null) {
      return TrainingLoop.newModel(config, data, manager);
    }
    RunFolder earlier = new RunFolder(Path.of(start.run()));
    ProbabilisticRegressor source = earlier.loadModel("final", manager);
    ModelSpec sourceSpec = source.spec();
    ProbabilisticRegressor model = start.parts() == WarmStart.Parts.ALL
        ? TrainingLoop.newModel(config, data, manager,
            spec -> spec.withTargets(sourceSpec.targets()).withInputs(sourceSpec.inputs()))
        : TrainingLoop.newModel(config, data, manager, spec -> spec);
    int copied = switch (start.parts()) {
      case FEATURES -> copyFeatures(source, model);
      case ALL -> copyMatching(source, model);
    };
    LOG.info("warm start from {} ({}): {} parameter arrays copied", start.run(), start.parts().id(), copied);
    return model;
  }

  private static int copyFeatures(ProbabilisticRegressor source, ProbabilisticRegressor target) {
    Block from = source.featureNet() != null ? source.featureNet() : source.proposalFeatureNet();
    if (from == null) {
      throw new IllegalArgumentException("the earlier run has no feature net to start from");
    }
    int copied = 0;
    for (Block to : new Block[] {target.featureNet(), target.proposalFeatureNet()}) {
      if (to != null) {
        copied += ParameterCopy.byName(from, to, true);
      }
    }
    return copied;
  }

  private static int copyMatching(ProbabilisticRegressor source, ProbabilisticRegressor target) {
    int copied = ParameterCopy.byName(source, target, false);
    if (copied == 0) {
      throw new IllegalArgumentException("no parameter of the earlier run fits this model; "
          + "use --init-parts features across methods or backbones");
    }
    return copied;
  }
}
