package io.ebmperception.stream.topology;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.LocalSchemaStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
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

  private PredictionTopology() {}

  /** The topology for {@code topics}, with every frame handled by {@code pipeline}. */
  @SuppressWarnings("unchecked")
  public static Topology build(Topics topics, FramePipeline pipeline, LocalSchemaStore store) {
    Serializer<SpecificRecord> predictions =
        (Serializer<SpecificRecord>) (Serializer<?>) AvroSerde.predictions(store);
    Serializer<SpecificRecord> deadLetters =
        (Serializer<SpecificRecord>) (Serializer<?>) AvroSerde.deadLetters(store);
    Topology topology = new Topology();
    topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.frames());
    topology.addProcessor(PREDICT, () -> new PredictProcessor(pipeline), SOURCE);
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
        outcome = pipeline.handle(topic, record.value());
      } catch (RuntimeException e) {
        LOG.warn("unexpected failure on a frame; sending it to the dead-letter topic", e);
        outcome = new Outcome.Rejected(DeadLetterReason.INFERENCE_FAILED, e.toString());
      }
      if (outcome instanceof Outcome.Predicted p) {
        context.forward(record.<SpecificRecord>withValue(p.prediction()), PREDICTIONS_SINK);
      } else if (outcome instanceof Outcome.Rejected r) {
        context.forward(record.<SpecificRecord>withValue(deadLetter(record, r)), DEAD_LETTER_SINK);
      }
    }

    private DeadLetter deadLetter(Record<String, byte[]> record, Outcome.Rejected rejected) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      return DeadLetter.newBuilder()
          .setSourceTopic(meta == null ? "unknown" : meta.topic())
          .setPartition(meta == null ? -1 : meta.partition())
          .setOffset(meta == null ? -1 : meta.offset())
          .setReason(rejected.reason())
          .setMessage(rejected.message())
          .setTimestampMs(Instant.now())
          .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
          .setOriginalBytes(record.value() == null ? null : ByteBuffer.wrap(record.value()))
          .build();
    }
  }
}
