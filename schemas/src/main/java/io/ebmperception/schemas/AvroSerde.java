package io.ebmperception.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one of our Avro records in a {@link WireFormat}: Avro's single-object encoding
 * (a 2-byte marker, the writer schema's 8-byte fingerprint, the binary body; schemas from a
 * {@link LocalSchemaStore}) or a schema registry's framing (byte 0, the 4-byte schema id, the
 * body; schemas registered under {@code <topic>-value} and fetched by id). It writes the format's
 * framing and reads both; older compatible writer schemas are resolved to the current one.
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
  private final Schema schema;
  private final SpecificData data;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final WireFormat wire;
  private final AvroBodyCheck bounds;
  private final SpecificDatumWriter<T> writer;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();

  /**
   * The most label values a frame may carry: a label has D values, and no task here has more than
   * a few; the bound keeps a frame's decoded label small whatever the record's size.
   */
  public static final int FRAME_LABEL_MAX_VALUES = 4096;

  /**
   * A serde for records of {@code schema} in {@code wire}'s framing that refuses records with an
   * array or map of more than {@code maxItems} items.
   */
  public AvroSerde(Schema schema, WireFormat wire, int maxItems) {
    this.schema = schema;
    this.data = SpecificData.getForSchema(schema);
    this.encoder = new BinaryMessageEncoder<>(data, schema);
    this.decoder = new BinaryMessageDecoder<>(data, schema, wire.store());
    this.wire = wire;
    this.bounds = new AvroBodyCheck(maxItems);
    this.writer = new SpecificDatumWriter<>(schema, data);
  }

  /** Serde of {@link Frame} (labels of at most {@link #FRAME_LABEL_MAX_VALUES} values). */
  public static AvroSerde<Frame> frames(WireFormat wire) {
    return new AvroSerde<>(Frame.getClassSchema(), wire, FRAME_LABEL_MAX_VALUES);
  }

  /** Serde of {@link Prediction}. */
  public static AvroSerde<Prediction> predictions(WireFormat wire) {
    return new AvroSerde<>(Prediction.getClassSchema(), wire, Integer.MAX_VALUE);
  }

  /** Serde of {@link DeadLetter}. */
  public static AvroSerde<DeadLetter> deadLetters(WireFormat wire) {
    return new AvroSerde<>(DeadLetter.getClassSchema(), wire, Integer.MAX_VALUE);
  }

  /**
   * In the registry framing, registers this serde's schema under {@code topic}'s subject now, so
   * that a registry that is away or refuses the schema (an incompatible evolution) stops a
   * producer at its start, in one line, rather than at its first record; nothing otherwise.
   *
   * @return the schema id, or -1 in single-object encoding
   */
  public int register(String topic) {
    return wire.registry().map(r -> idsByTopic.computeIfAbsent(topic,
        t -> r.register(WireFormat.subject(t), schema))).orElse(-1);
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    try {
      if (wire.kind() == WireFormat.Kind.REGISTRY) {
        int id = register(topic);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.REGISTRY_MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(value, body);
        body.flush();
        return out.toByteArray();
      }
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
    if (bytes.length >= WireFormat.REGISTRY_HEADER_BYTES && bytes[0] == WireFormat.REGISTRY_MAGIC) {
      return deserializeRegistryFramed(bytes);
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

  /**
   * A record in the registry framing: its writer schema by id from the registry (once per id),
   * then the same bounded decoding as single-object records. A registry that is away throws
   * {@link io.ebmperception.schemas.registry.SchemaRegistryException}, not a decoding error: the
   * record is not at fault.
   */
  private T deserializeRegistryFramed(byte[] bytes) {
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    if (wire.registry().isEmpty()) {
      throw new AvroDecodingException(DeadLetterReason.UNKNOWN_SCHEMA, "record in the schema-registry framing "
          + "(schema id " + id + ") but no schema.registry.url is set to look the id up", null);
    }
    SpecificDatumReader<T> reader = readers.get(id);
    if (reader == null) {
      Schema writerSchema = wire.registry().get().schema(id).orElseThrow(() -> new AvroDecodingException(
          DeadLetterReason.UNKNOWN_SCHEMA, "schema id " + id + " is not in the schema registry at "
          + wire.registry().get().url(), null));
      if (!writerSchema.getFullName().equals(schema.getFullName())) {
        throw new AvroDecodingException(DeadLetterReason.UNKNOWN_SCHEMA, "schema id " + id + " is "
            + writerSchema.getFullName() + ", not " + schema.getFullName(), null);
      }
      reader = new SpecificDatumReader<>(writerSchema, schema, data);
      readers.put(id, reader);
    }
    try {
      bounds.check(reader.getSchema(), bytes, WireFormat.REGISTRY_HEADER_BYTES);
    } catch (AvroBodyCheck.BoundsException e) {
      throw new AvroDecodingException(DeadLetterReason.DESERIALIZATION,
          "record refused before decoding: " + e.getMessage(), e);
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, WireFormat.REGISTRY_HEADER_BYTES,
          bytes.length - WireFormat.REGISTRY_HEADER_BYTES, null));
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
    Schema writerSchema = wire.store().findByFingerprint(fingerprint);
    if (writerSchema == null) {
      return;
    }
    try {
      bounds.check(writerSchema, bytes, HEADER_BYTES);
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
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the wire format and its schemas are given at construction.
  }

  @Override
  public void close() {}
}
