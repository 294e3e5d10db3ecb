package io.ebmperception.stream;

import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.registry.SchemaRegistryClient;
import io.ebmperception.stream.inference.ModelRepository;
import io.ebmperception.runtime.kafka.ClusterProbe;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.BrokerWatch;
import io.ebmperception.stream.ops.EmbeddedKafka;
import io.ebmperception.runtime.http.HealthServer;
import io.ebmperception.runtime.http.KafkaSeries;
import io.ebmperception.stream.ops.PipelineMetrics;
import io.ebmperception.stream.ops.ServingConfig;
import io.ebmperception.stream.ops.StreamThreadFailures;
import io.ebmperception.stream.ops.TopicAdmin;
import io.ebmperception.stream.topology.Topics;
import io.ebmperception.vision.ImageCodec;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running app and its lifecycle: (an embedded broker when no cluster is configured,) the
 * models (one per task, each with its batcher and hot reload), the Kafka Streams topology with exactly-once processing, hot reload, and
 * the HTTP endpoints, started in that order. This class only sequences start and stop;
 * {@link ServingWiring} builds every part from the typed settings.
 * {@link #close()} shuts everything down in reverse: stop consuming, finish the batch in flight,
 * release the model, stop the broker.
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
  private WireFormat wire;
  private volatile ModelRepository models;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;
  private volatile BrokerWatch brokerWatch;
  private final StreamThreadFailures threadFailures;
  private java.util.concurrent.ExecutorService batchHelpers;

  private StreamApp(ServingConfig config, List<Path> bundles) {
    ModelRepository.check(bundles); // a missing, broken or second bundle of a task: one line before anything starts
    brokerGrace = config.kafka().brokerGrace();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // before any meter: Kafka registers each per-topic series twice (a legacy copy with '_' for '.'); keep one
    registry.config().meterFilter(KafkaSeries.onceFor(List.of(config.topics().frames(), config.topics().predictions(),
        config.topics().deadLetters())));
    threadFailures = new StreamThreadFailures(registry);
    // Live from the first moment (a slow model load must not meet the liveness probe), not ready.
    health = new HealthServer(config.http().bind(), config.http().port(), this::readiness, registry);
    try {
      connectAndServe(config, bundles);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("reading {}, writing {} and {}; serving task(s) {}; health and metrics on http://localhost:{}/",
        topics.frames(), topics.predictions(), topics.deadLetters(), models.tasks(), health.port());
  }

  private void connectAndServe(ServingConfig config, List<Path> bundles) {
    if (config.kafka().bootstrapServers().isPresent()) {
      broker = null;
      bootstrap = config.kafka().bootstrapServers().get();
      int brokers = ClusterProbe.requireReachable(bootstrap, config.kafka().clientSettings(), ClusterProbe.DEFAULT_TIMEOUT);
      LOG.info("using the Kafka cluster at {} ({} broker(s))", bootstrap, brokers);
    } else {
      broker = EmbeddedKafka.start(config.embedded().dataDir(), config.embedded().port());
      bootstrap = broker.bootstrapServers();
    }
    topics = config.topics();
    wire = config.wire();
    wire.registry().ifPresent(client -> io.micrometer.core.instrument.FunctionCounter
        .builder("ebm.schema.registry.failures", client, SchemaRegistryClient::failures)
        .description("exchanges with the schema registry that failed for its sake (no answer in time, unreachable, "
            + "HTTP 5xx); frames wait for it meanwhile").register(registry));
    Properties client = config.kafka().clientSettings();
    TopicAdmin.ensure(bootstrap, client, topics, config.topicLayout().partitions(), config.topicLayout().replication(),
        config.frameLimits().maxBytes(), ServingWiring.internalTopics(config));

    PipelineMetrics metrics = new PipelineMetrics(registry);
    models = ServingWiring.models(config, bundles, metrics);
    // the JPEG codec's natives load now, not on the first frame (1.35 s of a live frame's time)
    LOG.info("image codec loaded in {} ms", ImageCodec.warmUp());
    if (config.batching().partitionBatching()) {
      batchHelpers = ServingWiring.batchHelpers(config);
    }
    streams = ServingWiring.streams(config, bootstrap, models, metrics, batchHelpers, threadFailures);
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    streams.start();
    brokerWatch = new BrokerWatch(bootstrap, client, Duration.ofSeconds(5), brokerGrace);
  }

  /**
   * Starts the app serving one bundle; returns when Kafka Streams has been started (it becomes
   * RUNNING shortly after).
   */
  public static StreamApp start(AppConfig config, Path bundle) {
    return start(config, List.of(bundle));
  }

  /**
   * Starts the app serving a model per task, one bundle each (frames are routed by their task);
   * returns when Kafka Streams has been started.
   */
  public static StreamApp start(AppConfig config, List<Path> bundles) {
    return new StreamApp(config.serving(), bundles);
  }

  /** Like {@link #start(AppConfig, Path)}, from typed settings. */
  public static StreamApp start(ServingConfig config, Path bundle) {
    return new StreamApp(config, List.of(bundle));
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public Topics topics() {
    return topics;
  }

  /** How the app frames what it writes, and where it finds writer schemas. */
  public WireFormat wire() {
    return wire;
  }

  /** Port of the health and metrics endpoints. */
  public int httpPort() {
    return health.port();
  }

  /**
   * Whether the app can serve: every task's model is loaded, Kafka Streams is RUNNING and the
   * cluster has answered within {@code health.broker.grace.s}.
   */
  public boolean ready() {
    return readiness().ready();
  }

  /** {@link #ready()} with the reasons an operator reads in the probe's body. */
  public HealthServer.Readiness readiness() {
    List<String> reasons = new ArrayList<>();
    KafkaStreams s = streams;
    BrokerWatch watch = brokerWatch;
    ModelRepository m = models;
    if (m == null) {
      reasons.add("the models are not loaded yet");
    }
    if (s == null) {
      reasons.add("Kafka Streams is not started yet");
    } else if (s.state() != KafkaStreams.State.RUNNING) {
      reasons.add("Kafka Streams is " + s.state());
    }
    if (watch == null || !watch.reachable()) {
      reasons.add("the Kafka cluster has not answered within " + brokerGrace.toSeconds() + " s");
    }
    threadFailures.stuck().ifPresent(reasons::add);
    WireFormat w = wire;
    if (w != null) { // frames wait for it, kept in order; they are predicted once it answers
      w.registry().flatMap(SchemaRegistryClient::unavailable).ifPresent(why -> reasons.add("the schema registry: " + why));
    }
    boolean ready = reasons.isEmpty();
    if (m != null) {
      reasons.addAll(m.refusals()); // still ready: each task's previous model serves
    }
    return new HealthServer.Readiness(ready, reasons);
  }

  /** Waits until the app is ready, at most {@code timeout}. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!ready() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    return ready();
  }

  /** The models serving, one per task (null until they are loaded). */
  public ModelRepository models() {
    return models;
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
    if (batchHelpers != null) {
      batchHelpers.shutdownNow();
    }
    if (brokerWatch != null) {
      brokerWatch.close();
    }
    health.close();
    if (models != null) {
      models.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
