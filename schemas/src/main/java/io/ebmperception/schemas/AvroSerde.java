package io.ebmperception.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * <p>Decoding is bounded by the record: before Avro allocates anything, the body is walked
 * against its writer schema ({@link AvroBodyCheck}) and refused when a length or count claims
 * more than the record's bytes could hold, when an array is longer than the serde admits, or
 * when bytes are left after the body. One record can therefore never take more memory than a
 * small multiple of its own size.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final LocalSchemaStore store;
  private final AvroBodyCheck bounds;

  /**
   * The most label values a frame may carry: a label has D values, and no task here has more than
   * a few; the bound keeps a frame's decoded label small whatever the record's size.
   */
  public static final int FRAME_LABEL_MAX_VALUES = 4096;

  /** A serde for records of {@code schema}, decoding writer schemas known to {@code store}. */
  public AvroSerde(Schema schema, LocalSchemaStore store) {
    this(schema, store, Integer.MAX_VALUE);
  }

  /**
   * A serde for records of {@code schema}, decoding writer schemas known to {@code store}, that
   * refuses records with an array or map of more than {@code maxItems} items.
   */
  public AvroSerde(Schema schema, LocalSchemaStore store, int maxItems) {
    SpecificData data = SpecificData.getForSchema(schema);
    this.encoder = new BinaryMessageEncoder<>(data, schema);
    this.decoder = new BinaryMessageDecoder<>(data, schema, store);
    this.store = store;
    this.bounds = new AvroBodyCheck(maxItems);
  }

  /** Serde of {@link Frame} (labels of at most {@link #FRAME_LABEL_MAX_VALUES} values). */
  public static AvroSerde<Frame> frames(LocalSchemaStore store) {
    return new AvroSerde<>(Frame.getClassSchema(), store, FRAME_LABEL_MAX_VALUES);
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
    checkBounds(bytes);
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

  /** Length of the single-object header: the 2-byte marker and the 8-byte fingerprint. */
  private static final int HEADER_BYTES = 10;

  /**
   * Refuses a body that lies about its sizes or has trailing bytes. A header that is not ours or a
   * fingerprint this store does not know is left to the decoder, which classifies it.
   */
  private void checkBounds(byte[] bytes) {
    if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
      return;
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = store.findByFingerprint(fingerprint);
    if (writer == null) {
      return;
    }
    try {
      bounds.check(writer, bytes, HEADER_BYTES);
    } catch (AvroBodyCheck.BoundsException e) {
      throw new AvroDecodingException(DeadLetterReason.DESERIALIZATION,
          "record refused before decoding: " + e.getMessage(), e);
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
