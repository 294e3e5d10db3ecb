package io.ebmperception.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroSerdeTest {
  private static Frame frame() {
    return Frame.newBuilder().setCameraId("cam-1").setSequence(42)
        .setCaptureTimestampMs(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
        .setTask("steering").setEncoding(FrameEncoding.JPEG).setWidth(64).setHeight(64)
        .setBytes(ByteBuffer.wrap(new byte[] {1, 2, 3})).setLabel(List.of(0.5f)).build();
  }

  @Test
  void roundTripsWithTheFingerprintInEveryMessage() {
    AvroSerde<Frame> serde = AvroSerde.frames(LocalSchemaStore.withCurrentSchemas());
    byte[] bytes = serde.serialize("frames", frame());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(LocalSchemaStore.fingerprint(Frame.getClassSchema()));
    assertThat(serde.deserialize("frames", bytes)).isEqualTo(frame());
  }

  @Test
  void recordsOfAnOlderCompatibleSchemaStillDecode(@TempDir Path dir) throws Exception {
    // An older Frame without the optional label field, as an older producer would write it.
    Schema current = Frame.getClassSchema();
    List<Schema.Field> fields = current.getFields().stream().filter(f -> !f.name().equals("label"))
        .map(f -> new Schema.Field(f, f.schema())).toList();
    Schema oldSchema = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(),
        false, fields);
    String old = oldSchema.toString(true);
    assertThat(oldSchema.getField("label")).isNull();
    Files.writeString(dir.resolve("Frame-old.avsc"), old);
    GenericRecord r = new GenericData.Record(oldSchema);
    r.put("cameraId", "cam-9");
    r.put("sequence", 7L);
    r.put("captureTimestampMs", 1000L);
    r.put("task", "steering");
    r.put("encoding", new GenericData.EnumSymbol(oldSchema.getField("encoding").schema(), "PNG"));
    r.put("width", 2);
    r.put("height", 1);
    r.put("bytes", ByteBuffer.wrap(new byte[] {9}));
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), oldSchema).encode(r);
    byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());

    AvroSerde<Frame> withoutHistory = AvroSerde.frames(LocalSchemaStore.withCurrentSchemas());
    assertThatThrownBy(() -> withoutHistory.deserialize("frames", bytes))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));

    AvroSerde<Frame> withHistory = AvroSerde.frames(LocalSchemaStore.withCurrentSchemas().addDirectory(dir));
    Frame decoded = withHistory.deserialize("frames", bytes);
    assertThat(decoded.getCameraId()).isEqualTo("cam-9");
    assertThat(decoded.getEncoding()).isEqualTo(FrameEncoding.PNG);
    assertThat(decoded.getLabel()).isNull();
  }

  @Test
  void truncatedAndForeignBytesAreClassified() {
    AvroSerde<Frame> serde = AvroSerde.frames(LocalSchemaStore.withCurrentSchemas());
    byte[] good = serde.serialize("frames", frame());
    assertThatThrownBy(() -> serde.deserialize("frames", Arrays.copyOf(good, good.length - 4)))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION));
    assertThatThrownBy(() -> serde.deserialize("frames", "{\"json\": true}".getBytes()))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION));
  }
}
