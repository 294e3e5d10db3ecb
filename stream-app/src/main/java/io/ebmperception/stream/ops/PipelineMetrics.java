package io.ebmperception.stream.ops;

import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.stream.topology.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's Micrometer meters: per served task (label {@code task}) frames predicted, latency per
 * stage, batch sizes, effective sample size, the model serving (an info metric whose labels name
 * it, one series per task) and failed model reloads; dead letters by reason; per camera untrusted
 * predictions and stale frames.
 */
public final class PipelineMetrics implements PipelineObserver {
  private final MeterRegistry registry;
  private final Map<String, Counter> frames = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> ess = new ConcurrentHashMap<>();
  /** Per task, then per stage. */
  private final Map<String, Map<String, Timer>> stages = new ConcurrentHashMap<>();
  private final Map<DeadLetterReason, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Counter deferred;
  /** Per-camera untrusted counters; camera ids beyond {@link #MAX_CAMERA_SERIES} share the series "other". */
  private final Map<String, Counter> untrusted = new ConcurrentHashMap<>();
  /** Per-camera stale-frame counters, capped like {@link #untrusted}. */
  private final Map<String, Counter> stale = new ConcurrentHashMap<>();
  /** Distinct camera series of {@code ebm_untrusted_predictions_total}: a producer's ids must not grow the scrape. */
  static final int MAX_CAMERA_SERIES = 256;
  /** Per task, the one series of {@code ebm_model_info} now registered. */
  private final Map<String, Gauge> modelInfo = new ConcurrentHashMap<>();
  private final Map<String, Counter> reloadFailures = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    deferred = Counter.builder("ebm.frames.deferred").description("attempts on frames kept for later because the "
        + "schema registry was away (each frame is predicted once it answers, never dead-lettered for it)")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void predicted(String task, double effectiveSampleSize) {
    framesPredicted(task).increment();
    ess.computeIfAbsent(task, t -> DistributionSummary.builder("ebm.effective.sample.size").tag("task", t)
        .description("effective sample size of the importance weights").publishPercentileHistogram()
        .register(registry)).record(effectiveSampleSize);
  }

  private Counter framesPredicted(String task) {
    return frames.computeIfAbsent(task, t -> Counter.builder("ebm.frames.predicted").tag("task", t)
        .description("frames predicted, per task").register(registry));
  }

  /** Records the size of a batch the model of {@code task} served. */
  public void batch(String task, int size) {
    batchSizes.computeIfAbsent(task, t -> DistributionSummary.builder("ebm.batch.size").tag("task", t)
        .description("frames per ONNX call").publishPercentileHistogram().serviceLevelObjectives(1, 2, 4, 8, 16, 32)
        .register(registry)).record(size);
  }

  /** Records the duration of a stage (decode, preprocess, queue, input_graph, ..., total) for {@code task}'s model. */
  @Override
  public void stage(String task, String name, double millis) {
    stages.computeIfAbsent(task, t -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> Timer.builder("ebm.stage.latency").tag("task", task).tag("stage", n)
            .publishPercentileHistogram().description("latency per pipeline stage").register(registry))
        .record(Duration.ofNanos((long) (millis * 1e6)));
  }

  @Override
  public void untrusted(String cameraId) {
    perCamera(untrusted, cameraId, "ebm.untrusted.predictions",
        "predictions whose input the model's trust verdict flags as foreign").increment();
  }

  @Override
  public void stale(String cameraId) {
    perCamera(stale, cameraId, "ebm.stale.frames",
        "frames older than frame.max.age.ms when their turn came (STALE dead letters)").increment();
  }

  /** {@code cameraId}'s counter of {@code name}; ids beyond {@link #MAX_CAMERA_SERIES} share the series "other". */
  private Counter perCamera(Map<String, Counter> counters, String cameraId, String name, String description) {
    String camera = counters.size() >= MAX_CAMERA_SERIES && !counters.containsKey(cameraId) ? "other" : cameraId;
    return counters.computeIfAbsent(camera, c -> Counter.builder(name).tag("camera", c).description(description)
        .register(registry));
  }

  @Override
  public void deferred() {
    deferred.increment();
  }

  @Override
  public void deadLetter(DeadLetterReason reason) {
    deadLetters.computeIfAbsent(reason, r -> Counter.builder("ebm.dead.letters").tag("reason", r.name())
        .description("records sent to the dead-letter topic").register(registry)).increment();
  }

  /**
   * Marks {@code name:version} as the model serving {@code task}. {@code ebm_model_info} is an info
   * metric (the Prometheus exposition reports every {@code _info} series as 1), so the app keeps
   * exactly one series per task: the task's previous version's is removed when a new one is swapped
   * in. Called when a model is loaded or swapped in, not per frame (a frame still in flight on the
   * previous model must not bring its version back).
   */
  public synchronized void modelServing(String task, String name, String version) {
    framesPredicted(task); // a task's rate reads 0 from its model's start, not absent until its first frame
    Gauge previous = modelInfo.remove(task);
    if (previous != null) {
      registry.remove(previous);
    }
    modelInfo.put(task, Gauge.builder("ebm.model.info", () -> 1).tag("task", task).tag("name", name)
        .tag("version", version).description("the model now serving each task (task, name and version as labels)")
        .strongReference(true).register(registry));
  }

  /** Counts a bundle of {@code task} that failed to load (its previous model kept serving). */
  public void reloadFailed(String task) {
    reloadFailures.computeIfAbsent(task, t -> Counter.builder("ebm.model.reload.failures").tag("task", t)
        .description("bundles that failed to load (the previous model kept serving)").register(registry)).increment();
  }
}
