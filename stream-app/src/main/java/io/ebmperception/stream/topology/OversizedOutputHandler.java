package io.ebmperception.stream.topology;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line against a stuck partition: when the broker refuses one of the app's outputs as too
 * large (a prediction with very many hypotheses, a topic whose limit an operator lowered), the
 * frame becomes a {@code TOO_LARGE} dead letter (with the frame's bytes when they fit) and the
 * stream goes on, instead of the stream thread failing on the same record forever. Every other
 * send error fails as Kafka Streams' default does (exactly-once then retries the task). Set by
 * the app's Streams settings; Kafka Streams makes it and calls {@link #configure}.
 */
public final class OversizedOutputHandler implements ProductionExceptionHandler {
  /** The dead-letter topic (a setting of this handler, passed through the Streams settings). */
  public static final String DEAD_LETTERS_CONFIG = "ebm.dead.letters.topic";
  /** The largest frame record whose bytes a dead letter keeps. */
  public static final String FRAME_RECORD_LIMIT_CONFIG = "ebm.frame.record.limit";
  /** The app's {@link WireFormat} (an object in the Streams settings; single-object when absent). */
  public static final String WIRE_FORMAT_CONFIG = "ebm.wire.format";
  private static final Logger LOG = LoggerFactory.getLogger(OversizedOutputHandler.class);
  private AvroSerde<io.ebmperception.schemas.DeadLetter> serde;
  private String deadLetters;
  private int frameRecordLimit;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = String.valueOf(configs.get(DEAD_LETTERS_CONFIG));
    frameRecordLimit = Integer.parseInt(String.valueOf(configs.get(FRAME_RECORD_LIMIT_CONFIG)));
    Object wire = configs.get(WIRE_FORMAT_CONFIG);
    serde = AvroSerde.deadLetters(wire instanceof WireFormat w ? w : WireFormat.singleObject());
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (!(exception instanceof RecordTooLargeException) || record.topic().equals(deadLetters)
        || record.topic().endsWith("-changelog")) {
      return Response.fail();
    }
    String message = "the output for topic " + record.topic() + " (" + (record.value() == null ? 0 : record.value().length)
        + " bytes) was refused: " + exception.getMessage();
    LOG.warn("frame at {}/{}/{}: {}; sent to {} instead", context.topic(), context.partition(), context.offset(),
        message, deadLetters);
    String key = context.sourceRawKey() == null ? null : new String(context.sourceRawKey(), StandardCharsets.UTF_8);
    byte[] letter = serde.serialize(deadLetters, PredictionTopology.deadLetter(context.topic(), context.partition(),
        context.offset(), key, context.sourceRawValue(),
        new Outcome.Rejected(DeadLetterReason.TOO_LARGE, message), frameRecordLimit));
    return Response.resume(List.of(new ProducerRecord<>(deadLetters, null, context.timestamp(),
        context.sourceRawKey(), letter)));
  }
}
