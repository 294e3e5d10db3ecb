package io.ebmperception.bench.training;

import io.ebmperception.schemas.sampling.SamplingDefaults;
import picocli.CommandLine.Option;

/**
 * The shape of a training step that the benchmark commands share: method, samples per example M
 * and batch size (a picocli mixin, so both commands say and check them the same way).
 */
final class StepShapeOptions {
  @Option(names = "--method", defaultValue = "nce+kl", description = "Training method. Default: ${DEFAULT-VALUE}.")
  String method;

  @Option(names = {"-M", "--samples"}, defaultValue = "" + SamplingDefaults.SAMPLES, description = "Samples per example. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--batch-size", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  /** Throws a one-line error unless M and the batch size are positive. */
  void check() {
    if (samples < 1 || batchSize < 1) {
      throw new IllegalArgumentException("need --samples >= 1 and --batch-size >= 1");
    }
  }
}
