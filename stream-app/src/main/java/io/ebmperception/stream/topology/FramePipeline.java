package io.ebmperception.stream.topology;

import io.ebmperception.schemas.AvroDecodingException;
import io.ebmperception.schemas.registry.SchemaRegistryException;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Mode;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.Interval;
import io.ebmperception.schemas.sampling.CentralIntervals;
import io.ebmperception.schemas.sampling.TrustVerdict;
import io.ebmperception.schemas.sampling.ModeEstimate;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameRejectedException;
import io.ebmperception.vision.Preprocessor;
import io.ebmperception.vision.RgbImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * Everything that happens to one frame, without Kafka: decode the Avro value, route the frame to
 * the model of its task, check and decode the image, preprocess it for that model, predict through
 * the model's shared {@link Batcher}, and build the {@link Prediction}. Any failure becomes an
 * {@link Outcome.Rejected} with its reason; nothing is thrown for bad input.
 */
public final class FramePipeline {
  private final AvroSerde<Frame> frames;
  private final FrameDecoder decoder;
  private final Map<String, Batcher> models;
  private final Duration timeout;
  private final PipelineObserver metrics;
  private final Clock clock;
  /** Per task, what its serving manifest asks of every frame; replaced when a reload swaps the manifest. */
  private final Map<String, ServingFor> serving = new ConcurrentHashMap<>();

  /** What one manifest asks of every frame: its preprocessing and its trust verdict (null: no thresholds). */
  private record ServingFor(Manifest manifest, Preprocessor preprocessor, TrustVerdict verdict) {}

  /**
   * A record read and routed, before any pixel is decoded: either its answer already
   * ({@code outcome}: rejected or deferred), or its frame and the batcher of its task's model.
   */
  private record Routed(Frame frame, Batcher batcher, Outcome outcome, long startNanos) {
    static Routed answered(Outcome outcome) {
      return new Routed(null, null, outcome, 0);
    }
  }

  /** A pipeline serving one model (for its task). */
  public FramePipeline(AvroSerde<Frame> frames, FrameDecoder decoder, Batcher batcher,
      Duration timeout, PipelineObserver metrics, Clock clock) {
    this(frames, decoder, Map.of(batcher.current().model().bundle().manifest().task(), batcher), timeout, metrics, clock);
  }

  /**
   * A pipeline serving a model per task: {@code models} maps each task to the batcher of its model
   * (the routing table is fixed; a reload swaps the model inside a batcher).
   */
  public FramePipeline(AvroSerde<Frame> frames, FrameDecoder decoder, Map<String, Batcher> models,
      Duration timeout, PipelineObserver metrics, Clock clock) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a frame pipeline needs at least one model");
    }
    this.frames = frames;
    this.decoder = decoder;
    this.models = Map.copyOf(models);
    this.timeout = timeout;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * The largest record value this pipeline reads ({@code frame.max.bytes} + the record overhead);
   * a larger one is {@code TOO_LARGE} before it is decoded, and its dead letter leaves the bytes
   * out so that it fits the dead-letter topic.
   */
  public int maxRecordBytes() {
    return FrameRecords.limit(decoder.limits().maxBytes());
  }

  /** Handles one record value. */
  public Outcome handle(String topic, byte[] value) {
    Routed routed = route(topic, value);
    if (routed.outcome() != null) {
      return routed.outcome();
    }
    try (Batcher.Announcement coming = routed.batcher().announce()) {
      return predict(routed, coming);
    }
  }

  /**
   * Handles several record values together: all are read and routed first, those to be predicted
   * are announced to their model's batcher, then each runs on {@code helpers}, so that each batcher
   * sees its task's frames as one batch. Outcomes in input order. From the first frame that must
   * wait ({@link Outcome.Deferred}: the schema registry is away) on, nothing is read or predicted:
   * those frames are kept and handled once, in order, when it answers.
   */
  public List<Outcome> handleAll(String topic, List<byte[]> values, ExecutorService helpers) {
    List<Routed> routed = new ArrayList<>(values.size());
    List<Batcher.Announcement> announced = new ArrayList<>(values.size());
    Outcome waiting = null;
    for (byte[] value : values) {
      Routed r = waiting != null ? Routed.answered(waiting) : route(topic, value);
      if (r.outcome() instanceof Outcome.Deferred) {
        waiting = r.outcome();
      }
      routed.add(r);
      announced.add(r.outcome() == null ? r.batcher().announce() : null);
    }
    List<Future<Outcome>> pending = new ArrayList<>(values.size());
    try {
      for (int i = 0; i < values.size(); i++) {
        Routed r = routed.get(i);
        Batcher.Announcement coming = announced.get(i);
        pending.add(r.outcome() != null ? CompletableFuture.completedFuture(r.outcome()) : helpers.submit(() -> {
          try (coming) {
            return predict(r, coming);
          }
        }));
      }
    } catch (RejectedExecutionException e) {
      announced.stream().filter(a -> a != null).forEach(Batcher.Announcement::close);
      throw new IllegalStateException("the app is shutting down", e);
    }
    List<Outcome> out = new ArrayList<>(values.size());
    for (Future<Outcome> f : pending) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while frames were being predicted", e);
      } catch (ExecutionException e) {
        out.add(rejected(DeadLetterReason.INFERENCE_FAILED, String.valueOf(e.getCause())));
      }
    }
    return out;
  }

  /** Reads a record and finds its task's model; every answer that needs no pixels is given here. */
  private Routed route(String topic, byte[] value) {
    long start = System.nanoTime();
    if (value != null && value.length > maxRecordBytes()) {
      return Routed.answered(rejected(DeadLetterReason.TOO_LARGE, "record has " + value.length
          + " bytes, more than frame.max.bytes " + decoder.limits().maxBytes() + " + " + FrameRecords.OVERHEAD_BYTES
          + "; its bytes are not kept"));
    }
    Frame frame;
    try {
      frame = frames.deserialize(topic, value);
    } catch (AvroDecodingException e) {
      return Routed.answered(rejected(e.reason(), e.getMessage()));
    } catch (SchemaRegistryException e) { // away, refusing our credentials, or not a registry: not the frame's fault
      metrics.deferred();
      return Routed.answered(new Outcome.Deferred(e.getMessage()));
    }
    if (frame == null) {
      return Routed.answered(rejected(DeadLetterReason.DESERIALIZATION, "record has no value (tombstone)"));
    }
    Batcher batcher = models.get(frame.getTask());
    if (batcher == null) {
      return Routed.answered(rejected(DeadLetterReason.WRONG_TASK, "frame is for task '" + frame.getTask()
          + "', the app serves " + served()));
    }
    Duration maxAge = decoder.limits().maxAge();
    if (!maxAge.isZero()) { // too old to act on: answered as such, before any work is spent on it
      long age = clock.millis() - frame.getCaptureTimestampMs().toEpochMilli();
      if (age > maxAge.toMillis()) {
        metrics.stale(frame.getCameraId());
        return Routed.answered(rejected(DeadLetterReason.STALE, "frame captured " + age + " ms before its turn ("
            + frame.getCaptureClock() + " clock), more than the " + maxAge.toMillis() + " ms a frame may wait"));
      }
    }
    int targets = batcher.current().model().bundle().manifest().targetDim();
    if (frame.getLabel() != null && frame.getLabel().size() != targets) {
      return Routed.answered(rejected(DeadLetterReason.INVALID_FRAME, "frame's label has " + frame.getLabel().size()
          + " value(s), the model's targets have D = " + targets));
    }
    return new Routed(frame, batcher, null, start);
  }

  /** The tasks served, as a dead letter names them: 'steering' or 'steering', 'headpose'. */
  private String served() {
    return models.keySet().stream().sorted().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
  }

  /** Decodes, preprocesses and predicts a routed frame on the model serving its task now. */
  private Outcome predict(Routed routed, Batcher.Announcement coming) {
    Frame frame = routed.frame();
    Batcher batcher = routed.batcher();
    long start = routed.startNanos();
    Manifest manifest = batcher.current().model().bundle().manifest();
    try {
      ServingFor serve = servingFor(manifest);
      Preprocessor preprocessor = serve.preprocessor();
      RgbImage image = decoder.decode(frame, preprocessor.width(), preprocessor.height());
      long decoded = System.nanoTime();
      float[] input = preprocessor.apply(image);
      long preprocessed = System.nanoTime();
      Batcher.Result result = batcher.predict(input, new Batcher.FrameId(frame.getCameraId(), frame.getSequence()),
          timeout, coming);
      long end = System.nanoTime();
      Map<String, Double> latency = new LinkedHashMap<>();
      latency.put("decode", (decoded - start) / 1e6);
      latency.put("preprocess", (preprocessed - decoded) / 1e6);
      latency.put("queue", result.queueMs());
      latency.put("input_graph", result.prediction().inputGraphMs());
      latency.put("sampling", result.prediction().samplingMs());
      latency.put("energy_graph", result.prediction().energyGraphMs());
      latency.put("weights", result.prediction().weightsMs());
      if (result.prediction().refineMs() > 0) {
        latency.put("refine", result.prediction().refineMs());
      }
      latency.put("total", (end - start) / 1e6);
      return predicted(frame, result, latency, serve.verdict(), input, manifest);
    } catch (FrameRejectedException e) {
      return rejected(e.reason(), e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return rejected(DeadLetterReason.INFERENCE_FAILED, String.valueOf(e.getMessage()));
    }
  }

  private Outcome predicted(Frame frame, Batcher.Result result, Map<String, Double> latency, TrustVerdict verdict,
      float[] input, Manifest manifest) {
    Manifest.TargetSpec targets = manifest.target();
    var p = result.prediction().prediction();
    if (!allFinite(p.mean()) || !allFinite(p.covariance()) || !Double.isFinite(p.effectiveSampleSize())) {
      return rejected(DeadLetterReason.NON_FINITE_OUTPUT, "the model produced a non-finite prediction");
    }
    Prediction prediction = Prediction.newBuilder()
        .setCameraId(frame.getCameraId())
        .setSequence(frame.getSequence())
        .setCaptureTimestampMs(frame.getCaptureTimestampMs())
        .setEmitTimestampMs(Instant.now(clock))
        .setModelName(result.modelName())
        .setModelVersion(result.modelVersion())
        .setTargetDim(p.mean().length)
        .setMean(boxed(p.mean()))
        .setCovariance(boxed(p.covariance()))
        .setHypotheses(boxed(p.hypotheses()))
        .setEffectiveSampleSize(p.effectiveSampleSize())
        .setLogPartition(p.logPartition())
        .setSamples(result.samples())
        .setLabel(frame.getLabel())
        .setLatencyMs(latency)
        .setModes(modes(p.modes()))
        .setIntervals(intervals(p.intervals(), p.mean().length))
        .setTargetNames(new ArrayList<>(targets.names()))
        .setTargetUnits(new ArrayList<>(targets.units()))
        .setCaptureClock(frame.getCaptureClock())
        .build();
    if (verdict != null) {
      var trained = result.prediction().trained();
      TrustVerdict.Verdict v = verdict.judge(trained.logPartition(), trained.effectiveSampleSize() / result.samples(),
          result.prediction().projection(), TrustVerdict.contrast(input, 0, input.length, Preprocessor.CHANNELS));
      prediction.setOodScore(v.oodScore());
      prediction.setTrusted(v.trusted());
      if (!v.trusted()) {
        metrics.untrusted(frame.getCameraId());
      }
    }
    metrics.predicted(manifest.task(), p.effectiveSampleSize());
    latency.forEach((stage, ms) -> metrics.stage(manifest.task(), stage, ms));
    return new Outcome.Predicted(prediction);
  }

  /** The estimate's central intervals as records, one per level. */
  private static List<Interval> intervals(float[] flat, int d) {
    double[] levels = CentralIntervals.levels();
    List<Interval> out = new ArrayList<>(levels.length);
    for (int l = 0; l < levels.length; l++) {
      out.add(Interval.newBuilder().setLevel(levels[l]).setLower(boxed(CentralIntervals.lower(flat, d, l)))
          .setUpper(boxed(CentralIntervals.upper(flat, d, l))).build());
    }
    return out;
  }

  private Outcome rejected(DeadLetterReason reason, String message) {
    metrics.deadLetter(reason);
    return new Outcome.Rejected(reason, message);
  }

  /** The preprocessing and verdict of the serving manifest, built once per manifest (a reload swaps them). */
  private ServingFor servingFor(Manifest manifest) {
    ServingFor cached = serving.get(manifest.task());
    if (cached == null || cached.manifest() != manifest) {
      cached = new ServingFor(manifest, Preprocessor.forInput(manifest.input()),
          manifest.trust() == null ? null : new TrustVerdict(manifest.trust()));
      serving.put(manifest.task(), cached);
    }
    return cached;
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static List<Mode> modes(List<ModeEstimate> found) {
    List<Mode> out = new ArrayList<>(found.size());
    for (var mode : found) {
      out.add(new Mode(mode.weight(), boxed(mode.mean()), boxed(mode.covariance())));
    }
    return out;
  }

  private static List<Float> boxed(float[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return out;
  }
}
