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
    return TestRecords.frame();
  }

  @Test
  void roundTripsWithTheFingerprintInEveryMessage() {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    byte[] bytes = serde.serialize("frames", frame());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(LocalSchemaStore.fingerprint(Frame.getClassSchema()));
    assertThat(serde.deserialize("frames", bytes)).isEqualTo(frame());
  }

  @Test
  void recordsOfAnOlderCompatibleSchemaStillDecode(@TempDir Path dir) throws Exception {
    // An older Frame without the optional label and capture clock, as an older producer would write it.
    Schema current = Frame.getClassSchema();
    List<Schema.Field> fields = current.getFields().stream()
        .filter(f -> !f.name().equals("label") && !f.name().equals("captureClock"))
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

    AvroSerde<Frame> withoutHistory = AvroSerde.frames(WireFormat.singleObject());
    assertThatThrownBy(() -> withoutHistory.deserialize("frames", bytes))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));

    AvroSerde<Frame> withHistory = AvroSerde.frames(WireFormat.singleObject(LocalSchemaStore.withCurrentSchemas().addDirectory(dir)));
    Frame decoded = withHistory.deserialize("frames", bytes);
    assertThat(decoded.getCameraId()).isEqualTo("cam-9");
    assertThat(decoded.getEncoding()).isEqualTo(FrameEncoding.PNG);
    assertThat(decoded.getLabel()).isNull();
  }

  @Test
  void truncatedAndForeignBytesAreClassified() {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    byte[] good = serde.serialize("frames", frame());
    assertThatThrownBy(() -> serde.deserialize("frames", Arrays.copyOf(good, good.length - 4)))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION));
    assertThatThrownBy(() -> serde.deserialize("frames", "{\"json\": true}".getBytes()))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION));
  }

  /**
   * A Frame's single-object bytes written by hand, with a label block that claims {@code count}
   * floats but holds {@code present} (and when it holds them all, the capture clock after it), then
   * {@code trailing} extra bytes.
   */
  static byte[] frameClaimingLabel(long count, int present, int trailing) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xC3, 0x01});
    out.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(LocalSchemaStore.fingerprint(Frame.getClassSchema())).array());
    org.apache.avro.io.BinaryEncoder body = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
    body.writeString("cam-1");
    body.writeLong(42);
    body.writeLong(1_700_000_000_000L);
    body.writeString("steering");
    body.writeEnum(0);
    body.writeInt(64);
    body.writeInt(64);
    body.writeBytes(new byte[] {1, 2, 3});
    body.writeIndex(1); // the label's array branch
    body.writeLong(count);
    for (int i = 0; i < present; i++) {
      body.writeFloat(0.5f);
    }
    if (present == count) {
      body.writeLong(0); // end of the array
      body.writeString("read"); // captureClock (version 2)
    }
    body.flush();
    out.write(new byte[trailing]);
    return out.toByteArray();
  }

  @Test
  void theHandWrittenFrameIsAValidFrame() throws Exception {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    assertThat(serde.deserialize("frames", frameClaimingLabel(1, 1, 0))).isEqualTo(frame());
  }

  @Test
  void countBombsAreRefusedBeforeAnythingIsAllocated() throws Exception {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    for (long count : new long[] {1L << 28, (1L << 31) - 9, 1L << 40, Long.MAX_VALUE}) {
      byte[] bomb = frameClaimingLabel(count, 1, 0);
      assertThat(bomb.length).isLessThan(64);
      assertThatThrownBy(() -> serde.deserialize("frames", bomb))
          .as("label claiming %d floats", count)
          .isInstanceOfSatisfying(AvroDecodingException.class, e -> {
            assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
            assertThat(e.getMessage()).contains("Frame.label", "claims " + count + " items");
          });
    }
  }

  @Test
  void aNegativeBlockCountMustCarryAPlausibleByteSize() throws Exception {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    // -1 item: a block with a byte size; the bytes that follow (0.5f) are read as that size.
    assertThatThrownBy(() -> serde.deserialize("frames", frameClaimingLabel(-1, 1, 0)))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION));
    assertThatThrownBy(() -> serde.deserialize("frames", frameClaimingLabel(-(1L << 40), 0, 0)))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION));
  }

  @Test
  void blockEncodedArraysWithTheirByteSizesStillDecode() throws Exception {
    Frame frame = frame();
    frame.setLabel(List.of(1f, 2f, 3f));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xC3, 0x01});
    out.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(LocalSchemaStore.fingerprint(Frame.getClassSchema())).array());
    org.apache.avro.io.Encoder blocking = org.apache.avro.io.EncoderFactory.get()
        .blockingBinaryEncoder(out, null);
    new org.apache.avro.specific.SpecificDatumWriter<Frame>(Frame.getClassSchema()).write(frame, blocking);
    blocking.flush();
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    assertThat(serde.deserialize("frames", out.toByteArray())).isEqualTo(frame);
  }

  @Test
  void trailingBytesAfterAValidBodyAreRefused() throws Exception {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    assertThatThrownBy(() -> serde.deserialize("frames", frameClaimingLabel(1, 1, 3)))
        .isInstanceOfSatisfying(AvroDecodingException.class, e -> {
          assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
          assertThat(e.getMessage()).contains("3 byte(s) after the end");
        });
  }

  @Test
  void aLabelLongerThanTheSerdeAdmitsIsRefusedEvenWhenItsBytesArePresent() throws Exception {
    int tooMany = AvroSerde.FRAME_LABEL_MAX_VALUES + 1;
    byte[] record = frameClaimingLabel(tooMany, tooMany, 0);
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    assertThatThrownBy(() -> serde.deserialize("frames", record))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.getMessage()).contains("more than " + AvroSerde.FRAME_LABEL_MAX_VALUES));
  }

  @Test
  void stringAndBytesLengthsBeyondTheRecordAreRefused() throws Exception {
    byte[] good = frameClaimingLabel(1, 1, 0);
    // The camera id's length is the first byte of the body: claim 2^30 bytes.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(good, 0, 10);
    org.apache.avro.io.BinaryEncoder body = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
    body.writeLong(1L << 30);
    body.flush();
    out.write(good, 11, good.length - 11);
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    assertThatThrownBy(() -> serde.deserialize("frames", out.toByteArray()))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.getMessage()).contains("Frame.cameraId claims 1073741824 bytes"));
  }
}
