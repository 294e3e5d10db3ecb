package io.ebmperception.stream.ops;

import io.ebmperception.schemas.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app's Micrometer meters: frames predicted, latency per stage, batch sizes, effective sample
 * size, dead letters by reason, and the model version serving (a gauge whose tags name it).
 */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Counter frames;
  private final DistributionSummary batchSize;
  private final DistributionSummary ess;
  private final Map<String, Timer> stages = new ConcurrentHashMap<>();
  private final Map<DeadLetterReason, Counter> deadLetters = new ConcurrentHashMap<>();
  private final AtomicReference<String> modelVersion = new AtomicReference<>("none");

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    frames = Counter.builder("ebm.frames.predicted").description("frames predicted").register(registry);
    batchSize = DistributionSummary.builder("ebm.batch.size").description("frames per ONNX call")
        .publishPercentileHistogram().serviceLevelObjectives(1, 2, 4, 8, 16, 32).register(registry);
    ess = DistributionSummary.builder("ebm.effective.sample.size")
        .description("effective sample size of the importance weights").publishPercentileHistogram()
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void predicted(double effectiveSampleSize) {
    frames.increment();
    ess.record(effectiveSampleSize);
  }

  public void batch(int size) {
    batchSize.record(size);
  }

  /** Records the duration of a stage (decode, preprocess, queue, input_graph, ..., total). */
  public void stage(String name, double millis) {
    stages.computeIfAbsent(name, n -> Timer.builder("ebm.stage.latency").tag("stage", n)
        .publishPercentileHistogram().description("latency per pipeline stage").register(registry))
        .record(Duration.ofNanos((long) (millis * 1e6)));
  }

  public void deadLetter(DeadLetterReason reason) {
    deadLetters.computeIfAbsent(reason, r -> Counter.builder("ebm.dead.letters").tag("reason", r.name())
        .description("records sent to the dead-letter topic").register(registry)).increment();
  }

  /** Marks {@code name:version} as the serving model. */
  public void modelServing(String name, String version) {
    String id = name + ":" + version;
    if (!id.equals(modelVersion.getAndSet(id))) {
      Gauge.builder("ebm.model.info", () -> id.equals(modelVersion.get()) ? 1 : 0)
          .tag("name", name).tag("version", version).description("1 for the model now serving")
          .register(registry);
    }
  }
}
