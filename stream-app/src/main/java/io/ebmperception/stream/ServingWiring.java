package io.ebmperception.stream;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.ModelLoader;
import io.ebmperception.stream.inference.ModelReloader;
import io.ebmperception.stream.inference.ModelRepository;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.stream.ops.PipelineMetrics;
import io.ebmperception.stream.ops.ServingConfig;
import io.ebmperception.stream.ops.StreamThreadFailures;
import io.ebmperception.stream.topology.OversizedOutputHandler;
import io.ebmperception.stream.topology.FramePipeline;
import io.ebmperception.stream.topology.PredictionTopology;
import io.ebmperception.stream.vision.FrameDecoder;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the app's parts fit together, with nothing started: the model repository (per task a
 * model, its batcher and its reloader), the Kafka Streams settings and the topology routing frames
 * to the batchers, each built from the typed settings. {@link StreamApp} owns the
 * lifecycle (what starts when, what is closed in which order); this class only builds.
 */
final class ServingWiring {
  private static final Logger LOG = LoggerFactory.getLogger(ServingWiring.class);

  private ServingWiring() {}

  /**
   * Kafka Streams settings: exactly-once v2, the configured threads and state, and the app's
   * defaults where the user's {@code kafka.*} settings say nothing (a user's plain
   * {@code kafka.session.timeout.ms} wins over the app's consumer-prefixed default).
   */
  static Properties streamsProperties(ServingConfig config, String bootstrap) {
    Properties client = config.kafka().clientSettings();
    Properties p = new Properties();
    p.putAll(client);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.batching().streamThreads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicLayout().replication());
    // The topology has no global store; enabling the handler there only silences a start-up warning.
    // Kafka Streams also checks it on a config it builds from the main consumer's settings (the
    // partition assignor's), hence the consumer-prefixed copy.
    p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.putIfAbsent(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
    // Failover: a crashed instance's partitions move after the session timeout; Kafka's default of
    // 45 s stalls them that long. 10 s (heartbeats every 3 s) still rides out a GC pause.
    consumerDefault(p, client, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    consumerDefault(p, client, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    // A dead letter and a partition-buffer entry carry a whole frame record: the producer, and the
    // internal topics Kafka Streams creates (the buffer's changelog), must admit them (the broker's
    // default of 1 MB refused an ordinary 1.26 MB HD JPEG and stalled its partition).
    int wrapped = FrameRecords.wrappedLimit(config.frameLimits().maxBytes());
    if (!client.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
      p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), wrapped);
    }
    p.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(wrapped));
    // The last line: an output the broker still refuses becomes a dead letter, not a failed thread.
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OversizedOutputHandler.class);
    p.put(OversizedOutputHandler.DEAD_LETTERS_CONFIG, config.topics().deadLetters());
    p.put(OversizedOutputHandler.FRAME_RECORD_LIMIT_CONFIG, FrameRecords.limit(config.frameLimits().maxBytes()));
    p.put(OversizedOutputHandler.WIRE_FORMAT_CONFIG, config.wire());
    return p;
  }

  private static void consumerDefault(Properties p, Properties client, String key, Object value) {
    if (!client.containsKey(key)) {
      p.putIfAbsent(StreamsConfig.consumerPrefix(key), value);
    }
  }

  /**
   * Threads that run a partition buffer's frames through the pipeline together (design (ii),
   * {@code partition.batching}): enough for every stream thread's buffer at once; they mostly wait
   * for the batcher.
   */
  static java.util.concurrent.ExecutorService batchHelpers(ServingConfig config) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return java.util.concurrent.Executors.newFixedThreadPool(config.batching().streamThreads() * config.batching().batchMax(), r -> {
      Thread t = new Thread(r, "ebm-batch-helper-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The topology around the models' batchers (frames routed by task), not started; a failed stream thread is replaced. With
   * {@code helpers} (null when {@code partition.batching} is off) frames of a partition are
   * buffered and predicted together.
   */
  static KafkaStreams streams(ServingConfig config, String bootstrap, ModelRepository models, PipelineMetrics metrics,
      java.util.concurrent.ExecutorService helpers, StreamThreadFailures failures) {
    FramePipeline pipeline = new FramePipeline(AvroSerde.frames(config.wire()),
        new FrameDecoder(config.frameLimits(), config.reducedDecoding()), models.batchers(),
        config.batching().inferenceTimeout(), metrics, Clock.systemUTC());
    PredictionTopology.PartitionBatching batching = helpers == null ? null
        : new PredictionTopology.PartitionBatching(config.batching().batchMax(), config.batching().partitionBatchingWait(), helpers);
    KafkaStreams streams = new KafkaStreams(PredictionTopology.build(config.topics(), pipeline, config.wire(), batching),
        streamsProperties(config, bootstrap));
    streams.setUncaughtExceptionHandler(e -> {
      failures.failed(e);
      LOG.error("stream thread failed; replacing it", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    return streams;
  }

  /**
   * The internal topics of this configuration whose records carry frames: the partition buffer's
   * changelog when {@code partition.batching} is on.
   */
  static java.util.List<String> internalTopics(ServingConfig config) {
    return config.batching().partitionBatching()
        ? java.util.List.of(config.applicationId() + "-" + PredictionTopology.BUFFER_STORE + "-changelog")
        : java.util.List.of();
  }

  /** The loader of bundles into warmed samplers, with the sampling and ONNX settings. */
  static ModelLoader loader(ServingConfig config) {
    ServingConfig.Sampling sampling = config.sampling();
    return new ModelLoader(config.onnx().provider(), config.onnx().threads(), sampling.samples(),
        sampling.hypotheses(), config.batching().batchMax(), sampling.modes(), sampling.refinement());
  }

  /**
   * Every bundle loaded and warmed, each with its batcher (batch sizes and the model serving its
   * task reported as metrics) and its hot reload.
   */
  static ModelRepository models(ServingConfig config, java.util.List<java.nio.file.Path> bundles, PipelineMetrics metrics) {
    ModelLoader loader = loader(config);
    return ModelRepository.load(bundles, loader, new ModelRepository.Wiring() {
      @Override
      public Batcher batcher(ImportanceSampler sampler) {
        return ServingWiring.batcher(config, sampler, metrics);
      }

      @Override
      public ModelReloader reloader(java.nio.file.Path dir, Batcher batcher) {
        return new ModelReloader(dir, batcher, loader, config.reloadInterval().toSeconds(),
            reloadMetrics(batcher.current().model().bundle().manifest().task(), metrics));
      }
    });
  }

  /** The batcher around a model, its batch sizes and the model serving its task reported as metrics. */
  static Batcher batcher(ServingConfig config, ImportanceSampler sampler, PipelineMetrics metrics) {
    Manifest manifest = sampler.model().bundle().manifest();
    String task = manifest.task();
    metrics.modelServing(task, manifest.name(), manifest.version());
    return new Batcher(sampler, config.batching().batchMax(), config.batching().batcherWait(), size -> metrics.batch(task, size));
  }

  /** The reloader's reports for {@code task}'s bundle, as metrics. */
  static ModelReloader.Listener reloadMetrics(String task, PipelineMetrics metrics) {
    return new ModelReloader.Listener() {
      @Override
      public void serving(String name, String version) {
        metrics.modelServing(task, name, version);
      }

      @Override
      public void failed(String version, String reason) {
        metrics.reloadFailed(task);
      }
    };
  }
}
