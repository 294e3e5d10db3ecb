package io.ebmperception.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one of our Avro records using Avro's single-object encoding: a 2-byte marker,
 * the writer schema's 8-byte fingerprint, then the binary body. No schema registry service is
 * needed; the decoder looks the fingerprint up in a {@link LocalSchemaStore} and resolves older
 * compatible writer schemas to the current one.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  /** A serde for records of {@code schema}, decoding writer schemas known to {@code store}. */
  public AvroSerde(Schema schema, LocalSchemaStore store) {
    SpecificData data = SpecificData.getForSchema(schema);
    this.encoder = new BinaryMessageEncoder<>(data, schema);
    this.decoder = new BinaryMessageDecoder<>(data, schema, store);
  }

  /** Serde of {@link Frame}. */
  public static AvroSerde<Frame> frames(LocalSchemaStore store) {
    return new AvroSerde<>(Frame.getClassSchema(), store);
  }

  /** Serde of {@link Prediction}. */
  public static AvroSerde<Prediction> predictions(LocalSchemaStore store) {
    return new AvroSerde<>(Prediction.getClassSchema(), store);
  }

  /** Serde of {@link DeadLetter}. */
  public static AvroSerde<DeadLetter> deadLetters(LocalSchemaStore store) {
    return new AvroSerde<>(DeadLetter.getClassSchema(), store);
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("cannot encode " + value.getSchema().getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new AvroDecodingException(DeadLetterReason.UNKNOWN_SCHEMA,
          "unknown writer schema fingerprint: " + e.getMessage(), e);
    } catch (BadHeaderException e) {
      throw new AvroDecodingException(DeadLetterReason.DESERIALIZATION,
          "not a single-object encoded Avro message: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodingException(DeadLetterReason.DESERIALIZATION,
          "corrupt or truncated Avro message: " + e, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: schemas come from the LocalSchemaStore given at construction.
  }

  @Override
  public void close() {}
}
