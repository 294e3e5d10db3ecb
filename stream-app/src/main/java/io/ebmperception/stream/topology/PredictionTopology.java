package io.ebmperception.stream.topology;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams graph: frames (raw bytes, so that undecodable values reach us and not a
 * crash) → {@link FramePipeline} → predictions, or the dead-letter topic with the reason, the
 * source position and the original bytes. Built by one pure method.
 */
public final class PredictionTopology {
  static final String SOURCE = "frames";
  static final String PREDICT = "predict";
  static final String PREDICTIONS_SINK = "predictions";
  static final String DEAD_LETTER_SINK = "dead-letters";
  /** The partition buffer's state store; its changelog topic is {@code <application.id>-frame-buffer-changelog}. */
  public static final String BUFFER_STORE = BufferedPredictProcessor.STORE;

  private PredictionTopology() {}

  /**
   * How frames of one partition share ONNX calls (design (ii), {@link BufferedPredictProcessor}):
   * up to {@code batchMax} frames are buffered in a changelogged store for at most {@code maxWait}.
   *
   * @param helpers        threads that run a buffer's frames through the pipeline together
   * @param keepLimitBytes how many bytes of frames a partition keeps while they wait for the schema
   *                       registry; beyond it the partition stops reading (frames wait on the topic)
   * @param registryWait   how long the partition then waits for the registry before its stream
   *                       thread fails and is replaced (the frames are read again)
   */
  public record PartitionBatching(int batchMax, Duration maxWait, ExecutorService helpers, long keepLimitBytes,
      Duration registryWait) {
    /** Frames kept for an absent registry, per partition: 32 MiB (a few hundred HD JPEGs). */
    public static final long KEEP_LIMIT_BYTES = 32L << 20;

    /** With the default limit of frames kept for an absent registry and {@link #REGISTRY_WAIT}. */
    public PartitionBatching(int batchMax, Duration maxWait, ExecutorService helpers) {
      this(batchMax, maxWait, helpers, KEEP_LIMIT_BYTES, REGISTRY_WAIT);
    }
  }

  /** The topology for {@code topics}, with every frame handled by {@code pipeline} as it comes. */
  public static Topology build(Topics topics, FramePipeline pipeline, WireFormat wire) {
    return build(topics, pipeline, wire, null);
  }

  /**
   * The topology for {@code topics}; with {@code batching} (may be null) frames of a partition are
   * buffered and predicted together.
   */
  @SuppressWarnings("unchecked")
  public static Topology build(Topics topics, FramePipeline pipeline, WireFormat wire,
      PartitionBatching batching) {
    AvroSerde<Prediction> predictionSerde = AvroSerde.predictions(wire);
    AvroSerde<DeadLetter> deadLetterSerde = AvroSerde.deadLetters(wire);
    // in the registry framing the output schemas are registered now: a registry that is away or
    // refuses an evolution stops the app at its start, not at its first frame
    predictionSerde.register(topics.predictions());
    deadLetterSerde.register(topics.deadLetters());
    Serializer<SpecificRecord> predictions = (Serializer<SpecificRecord>) (Serializer<?>) predictionSerde;
    Serializer<SpecificRecord> deadLetters = (Serializer<SpecificRecord>) (Serializer<?>) deadLetterSerde;
    Topology topology = new Topology();
    topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.frames());
    if (batching == null) {
      topology.addProcessor(PREDICT, () -> new PredictProcessor(pipeline), SOURCE);
    } else {
      topology.addProcessor(PREDICT, () -> new BufferedPredictProcessor(pipeline, batching), SOURCE);
      topology.addStateStore(Stores.keyValueStoreBuilder(
          Stores.inMemoryKeyValueStore(BufferedPredictProcessor.STORE), Serdes.Long(), Serdes.ByteArray())
          .withCachingDisabled(), PREDICT);
    }
    topology.addSink(PREDICTIONS_SINK, topics.predictions(), new StringSerializer(), predictions, PREDICT);
    topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), new StringSerializer(), deadLetters, PREDICT);
    return topology;
  }

  /** Routes each frame's {@link Outcome} to its sink. */
  static final class PredictProcessor implements Processor<String, byte[], String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(PredictProcessor.class);
    private final FramePipeline pipeline;
    private ProcessorContext<String, SpecificRecord> context;

    PredictProcessor(FramePipeline pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
      String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
      Outcome outcome;
      try {
        outcome = handleUntilTheRegistryAnswers(pipeline, topic, record.value());
      } catch (RegistryAwayException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("unexpected failure on a frame; sending it to the dead-letter topic", e);
        outcome = new Outcome.Rejected(DeadLetterReason.INFERENCE_FAILED, e.toString());
      }
      if (outcome instanceof Outcome.Predicted p) {
        context.forward(record.<SpecificRecord>withValue(p.prediction()), PREDICTIONS_SINK);
      } else if (outcome instanceof Outcome.Rejected r) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        context.forward(record.<SpecificRecord>withValue(deadLetter(meta == null ? "unknown" : meta.topic(),
            meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), record.key(), record.value(), r,
            pipeline.maxRecordBytes())), DEAD_LETTER_SINK);
      }
    }
  }

  /**
   * Without a partition buffer a frame cannot be put aside: the stream thread tries it again every
   * second for {@link #REGISTRY_WAIT}, well within the consumer's poll interval; a registry away for
   * longer fails the thread with {@link RegistryAwayException}, which Kafka Streams replaces, and the
   * frame, whose offset was never committed, is read again (exactly-once: nothing lost, nothing
   * twice). The default, partition batching, keeps such frames in its buffer instead.
   */
  static final Duration REGISTRY_WAIT = Duration.ofSeconds(60);

  /** The registry stayed away for as long as a frame may wait for it. */
  static final class RegistryAwayException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    RegistryAwayException(String why, Duration waited) {
      super("a frame waited " + waited.toSeconds() + " s for the schema registry (" + why
          + "); the stream thread is replaced and the frame read again");
    }
  }

  /** {@link FramePipeline#handle}, tried again every second while the registry is away. */
  static Outcome handleUntilTheRegistryAnswers(FramePipeline pipeline, String topic, byte[] value) {
    long deadline = System.nanoTime() + REGISTRY_WAIT.toNanos();
    while (true) {
      Outcome outcome = pipeline.handle(topic, value);
      if (!(outcome instanceof Outcome.Deferred d)) {
        return outcome;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new RegistryAwayException(d.why(), REGISTRY_WAIT);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a frame waited for the schema registry", e);
      }
    }
  }

  /**
   * The dead letter of a frame at {@code topic}/{@code partition}/{@code offset}, with its bytes
   * unless they are longer than {@code maxOriginalBytes} (the dead-letter topic would refuse it).
   */
  static DeadLetter deadLetter(String topic, int partition, long offset, String key, byte[] value,
      Outcome.Rejected rejected, int maxOriginalBytes) {
    boolean keep = value != null && value.length <= maxOriginalBytes;
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setReason(rejected.reason())
        .setMessage(rejected.message())
        .setTimestampMs(Instant.now())
        .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setOriginalBytes(keep ? ByteBuffer.wrap(value) : null)
        .build();
  }
}
