package io.ebmperception.stream.ops;

import io.ebmperception.ingest.IngestSettings;
import io.ebmperception.runtime.config.Setting;
import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the app: its own declared here (key, type, default, admitted values and
 * meaning), those it shares with ingest taken from {@link SharedSettings} and the camera reader's
 * from {@link IngestSettings}. {@link AppConfig} loads and checks them from this table, commands
 * read them typed ({@code config.get(Settings.BATCH_MAX)}), and {@code SettingsTableTest} fails
 * when the settings table of docs/operations.md or a k8s config map names a key that is not here or
 * misses one that is. Keys starting with {@code kafka.} are not declared: they pass to the Kafka
 * clients.
 */
public final class Settings {
  private Settings() {}

  public static final Setting<String> APPLICATION_ID = Setting.text("application.id", "ebm-stream-app",
      "consumer group and transactional-id prefix");
  public static final Setting<Path> EMBEDDED_DATA_DIR = Setting.path("embedded.data.dir", "data/kafka",
      "the embedded broker's data");
  public static final Setting<String> PREDICTIONS_TOPIC = Setting.text("topics.predictions", "ebm.predictions",
      "predictions topic");
  public static final Setting<String> DEAD_LETTERS_TOPIC = Setting.text("topics.dead-letters", "ebm.dead-letters",
      "dead-letter topic");
  public static final Setting<Integer> PARTITIONS = Setting.integer("topics.partitions", 6, 1, 10_000,
      "partitions of topics the app creates");
  public static final Setting<Integer> REPLICATION = Setting.integer("topics.replication", 1, 1, 100,
      "replication of topics the app creates");
  public static final Setting<Integer> STREAM_THREADS = Setting.integer("stream.threads", 2, 1, 1024,
      "Kafka Streams threads (at most the partitions)");
  public static final Setting<Integer> SAMPLES = Setting.integer("samples", SamplingDefaults.SAMPLES, 2, 1 << 20,
      "M, proposal samples per frame");
  public static final Setting<Integer> HYPOTHESES = Setting.integer("hypotheses", SamplingDefaults.HYPOTHESES, 0, 1 << 20,
      "hypotheses resampled per prediction (at most M)");
  public static final Setting<Integer> MODES_MAX = Setting.integer("modes.max", 4, 0, 64,
      "modes per prediction (0: none)");
  public static final Setting<Double> MODES_BANDWIDTH = Setting.decimal("modes.bandwidth", 1.0, 0.05, 10,
      "mean-shift kernel radius as a multiple of Silverman's rule");
  public static final Setting<Integer> REFINE_STEPS = Setting.integer("modes.refine.steps", 0, 0, 100,
      "gradient-ascent steps of each mode on the energy (0: off)");
  public static final Setting<Double> REFINE_STEP = Setting.decimal("modes.refine.step", 1.0, 0.001, 10,
      "refinement step λ in units of the mode's variance");
  public static final Setting<Integer> BATCH_MAX = Setting.integer("batch.max", 8, 1, 4096,
      "frames per ONNX call at most");
  public static final Setting<Duration> BATCH_WAIT = Setting.millis("batch.wait.ms", 2, 0, 60_000,
      "how long the batcher waits for frames already being decoded");
  public static final Setting<Boolean> PARTITION_BATCHING = Setting.flag("partition.batching", true,
      "buffer each partition's frames in a changelogged store and predict them together");
  public static final Setting<Duration> PARTITION_BATCHING_WAIT = Setting.millis("partition.batching.wait.ms", 20,
      1, 60_000, "how long a partition's buffer waits for more frames");
  public static final Setting<Duration> INFERENCE_TIMEOUT = Setting.millis("inference.timeout.ms", 5000, 1,
      3_600_000, "a frame waiting longer is a dead letter (INFERENCE_FAILED)");
  public static final Setting<Integer> ONNX_THREADS = Setting.integer("onnx.threads", 2, 1, 1024,
      "ONNX Runtime intra-op threads");
  public static final Setting<String> EXECUTION_PROVIDER = Setting.choice("execution.provider", "cpu",
      List.of("cpu", "cuda"), "where ONNX Runtime runs");
  public static final Setting<Integer> FRAME_MAX_PIXELS = Setting.integer("frame.max.pixels", 4096 * 4096, 1,
      Integer.MAX_VALUE, "largest width × height decoded (TOO_LARGE)");
  public static final Setting<Duration> FRAME_MAX_AGE = Setting.millis("frame.max.age.ms", 0, 0, 86_400_000,
      "a frame older than this (now − its capture time) when its turn comes is a STALE dead letter, counted per camera "
      + "(0: any age)");
  public static final Setting<Boolean> REDUCED_DECODING = Setting.flag("frame.decode.reduced", true,
      "decode JPEGs much larger than the model's input at 1/2, 1/4 or 1/8 scale (libjpeg), keeping 2 x the input");
  public static final Setting<Duration> BROKER_GRACE = Setting.seconds("health.broker.grace.s", 30, 1, 86_400,
      "how long the cluster may be silent before /health/ready says 503");
  public static final Setting<Duration> RELOAD_INTERVAL = Setting.seconds("model.reload.interval.s", 5, 0, 86_400,
      "how often the bundle is checked for a new version (0: never)");
  public static final Setting<Path> STATE_DIR = Setting.path("state.dir", "data/streams", "Kafka Streams' local state");


  /** The table, in the order of docs/operations.md. */
  public static final List<Setting<?>> ALL = table();

  private static List<Setting<?>> table() {
    List<Setting<?>> all = new ArrayList<>();
    all.add(SharedSettings.BOOTSTRAP_SERVERS);
    all.addAll(List.of(APPLICATION_ID, SharedSettings.FRAMES_TOPIC, PREDICTIONS_TOPIC, DEAD_LETTERS_TOPIC, PARTITIONS,
        REPLICATION, STREAM_THREADS, SAMPLES, HYPOTHESES, MODES_MAX, MODES_BANDWIDTH, REFINE_STEPS, REFINE_STEP,
        BATCH_MAX, BATCH_WAIT, PARTITION_BATCHING, PARTITION_BATCHING_WAIT, INFERENCE_TIMEOUT, ONNX_THREADS,
        EXECUTION_PROVIDER, SharedSettings.FRAME_MAX_BYTES, FRAME_MAX_PIXELS, FRAME_MAX_AGE, REDUCED_DECODING));
    all.addAll(SharedSettings.HTTP);
    all.addAll(List.of(BROKER_GRACE, RELOAD_INTERVAL, STATE_DIR, EMBEDDED_DATA_DIR, SharedSettings.EMBEDDED_PORT));
    all.addAll(SharedSettings.WIRE);
    all.addAll(IngestSettings.READER); // the demo reads a live camera in-process
    return List.copyOf(all);
  }



}
