package io.ebmperception.stream;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.inference.ModelLoader;
import io.ebmperception.stream.inference.ModelReloader;
import io.ebmperception.stream.io.ClusterProbe;
import io.ebmperception.stream.io.FrameRecords;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.BrokerWatch;
import io.ebmperception.stream.ops.EmbeddedKafka;
import io.ebmperception.stream.ops.HealthServer;
import io.ebmperception.stream.ops.PipelineMetrics;
import io.ebmperception.stream.ops.ServingConfig;
import io.ebmperception.stream.ops.TopicAdmin;
import io.ebmperception.stream.topology.FramePipeline;
import io.ebmperception.stream.topology.PredictionTopology;
import io.ebmperception.stream.topology.Topics;
import io.ebmperception.stream.vision.FrameDecoder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running app: (an embedded broker when no cluster is configured,) the model and its
 * batcher, the Kafka Streams topology with exactly-once processing, hot reload, and the HTTP
 * endpoints. {@link #close()} shuts everything down in order: stop consuming, finish the batch in
 * flight, release the model, stop the broker.
 */
public final class StreamApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamApp.class);
  private final PrometheusMeterRegistry registry;
  private final HealthServer health;
  private final Duration brokerGrace;
  // Set while starting, in this order; the health server answers (not ready) before they are.
  private EmbeddedKafka broker;
  private String bootstrap;
  private Topics topics;
  private volatile Batcher batcher;
  private ModelReloader reloader;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;
  private volatile BrokerWatch brokerWatch;

  private StreamApp(ServingConfig config, Path bundle) {
    ModelBundle.load(bundle); // a missing or broken bundle is a one-line error before anything starts
    brokerGrace = config.brokerGrace();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Live from the first moment (a slow model load must not meet the liveness probe), not ready.
    health = new HealthServer(config.httpPort(), this::ready, registry);
    try {
      connectAndServe(config, bundle);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("reading {}, writing {} and {}; health and metrics on http://localhost:{}/", topics.frames(),
        topics.predictions(), topics.deadLetters(), health.port());
  }

  private void connectAndServe(ServingConfig config, Path bundle) {
    if (config.bootstrapServers().isPresent()) {
      broker = null;
      bootstrap = config.bootstrapServers().get();
      int brokers = ClusterProbe.requireReachable(bootstrap, config.kafkaClientSettings(), ClusterProbe.DEFAULT_TIMEOUT);
      LOG.info("using the Kafka cluster at {} ({} broker(s))", bootstrap, brokers);
    } else {
      broker = EmbeddedKafka.start(config.embeddedDataDir(), config.embeddedPort());
      bootstrap = broker.bootstrapServers();
    }
    topics = config.topics();
    Properties client = config.kafkaClientSettings();
    TopicAdmin.ensure(bootstrap, client, topics, config.partitions(), config.replication(),
        config.frameLimits().maxBytes());

    PipelineMetrics metrics = new PipelineMetrics(registry);
    int maxBatch = config.batchMax();
    ModelLoader loader = new ModelLoader(config.executionProvider(), config.onnxThreads(), config.samples(),
        config.hypotheses(), maxBatch);
    ImportanceSampler sampler = loader.load(bundle);
    batcher = new Batcher(sampler, maxBatch, config.batchWait(), metrics::batch);
    metrics.modelServing(sampler.model().bundle().manifest().name(), sampler.model().bundle().manifest().version());
    reloader = new ModelReloader(bundle, batcher, loader, config.reloadInterval().toSeconds(),
        new ModelReloader.Listener() {
          @Override
          public void serving(String name, String version) {
            metrics.modelServing(name, version);
          }

          @Override
          public void failed(String version, String reason) {
            metrics.reloadFailed();
          }
        });

    LocalSchemaStore store = LocalSchemaStore.withCurrentSchemas();
    config.schemasDir().ifPresent(store::addDirectory);
    FramePipeline pipeline = new FramePipeline(AvroSerde.frames(store),
        new FrameDecoder(config.frameLimits()), batcher, config.inferenceTimeout(), metrics, Clock.systemUTC());
    streams = new KafkaStreams(PredictionTopology.build(topics, pipeline, store), streamsProperties(config, client));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    streams.start();
    brokerWatch = new BrokerWatch(bootstrap, client, Duration.ofSeconds(5), brokerGrace);
  }

  /** Starts the app; returns when Kafka Streams has been started (it becomes RUNNING shortly after). */
  public static StreamApp start(AppConfig config, Path bundle) {
    return new StreamApp(config.serving(), bundle);
  }

  /** Like {@link #start(AppConfig, Path)}, from typed settings. */
  public static StreamApp start(ServingConfig config, Path bundle) {
    return new StreamApp(config, bundle);
  }

  private Properties streamsProperties(ServingConfig config, Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replication());
    // The topology has no global store; enabling the handler there only silences a start-up warning.
    p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Failover: a crashed instance's partitions move after the session timeout; Kafka's default of
    // 45 s stalls them that long. 10 s (heartbeats every 3 s) still rides out a GC pause.
    p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    // A dead letter carries the frame's bytes: the producer must admit records as large as a frame.
    p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        FrameRecords.limit(config.frameLimits().maxBytes()));
    return p;
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public Topics topics() {
    return topics;
  }

  /** Port of the health and metrics endpoints. */
  public int httpPort() {
    return health.port();
  }

  /**
   * Whether the app can serve: the model is loaded, Kafka Streams is RUNNING and the cluster has
   * answered within {@code health.broker.grace.s}.
   */
  public boolean ready() {
    KafkaStreams s = streams;
    BrokerWatch watch = brokerWatch;
    return batcher != null && s != null && s.state() == KafkaStreams.State.RUNNING
        && watch != null && watch.reachable();
  }

  /** Waits until the app is ready, at most {@code timeout}. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!ready() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    return ready();
  }

  public Batcher batcher() {
    return batcher;
  }

  public ModelReloader reloader() {
    return reloader;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    LOG.info("shutting down");
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    if (brokerWatch != null) {
      brokerWatch.close();
    }
    if (reloader != null) {
      reloader.close();
    }
    health.close();
    if (batcher != null) {
      ImportanceSampler last = batcher.current();
      batcher.close();
      last.model().close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
