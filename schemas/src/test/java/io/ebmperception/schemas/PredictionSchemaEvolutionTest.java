package io.ebmperception.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Version 2 of Prediction (modes) is backward and forward compatible with version 1 through the
 * single-object encoding and the schema store: consumers that have not been upgraded keep reading,
 * and upgraded ones read records already on the topic.
 */
class PredictionSchemaEvolutionTest {
  private static final Schema V1 = LocalSchemaStore.historical("history/Prediction-v1.avsc");

  @Test
  void theNewReaderDecodesRecordsOfTheOldWriterWithNoModes() throws Exception {
    GenericRecord old = new GenericData.Record(V1);
    old.put("cameraId", "cam-1");
    old.put("sequence", 7L);
    old.put("captureTimestampMs", 1000L);
    old.put("emitTimestampMs", 1010L);
    old.put("modelName", "m");
    old.put("modelVersion", "1");
    old.put("targetDim", 1);
    old.put("mean", List.of(2.5f));
    old.put("covariance", List.of(4f));
    old.put("hypotheses", List.of(2f, 3f));
    old.put("effectiveSampleSize", 100.0);
    old.put("logPartition", -1.0);
    old.put("samples", 1024);
    old.put("label", null);
    old.put("latencyMs", Map.of("total", 3.0));
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(old);
    byte[] value = new byte[bytes.remaining()];
    bytes.get(value);

    Prediction decoded = AvroSerde.predictions(WireFormat.singleObject()).deserialize("t", value);

    assertThat(decoded.getSequence()).isEqualTo(7L);
    assertThat(decoded.getMean()).containsExactly(2.5f);
    assertThat(decoded.getModes()).isEmpty();
    // version 4's fields take their defaults: no names known, the reader's clock
    assertThat(decoded.getTargetNames()).isEmpty();
    assertThat(decoded.getTargetUnits()).isEmpty();
    assertThat(decoded.getCaptureClock()).isEqualTo(CaptureClock.READ);
  }

  @Test
  void aFrameOfVersionOneDecodesWithTheReadersClock() throws Exception {
    Schema v1 = LocalSchemaStore.historical("history/Frame-v1.avsc");
    GenericRecord old = new GenericData.Record(v1);
    old.put("cameraId", "cam-1");
    old.put("sequence", 3L);
    old.put("captureTimestampMs", 1000L);
    old.put("task", "steering");
    old.put("encoding", new GenericData.EnumSymbol(v1.getField("encoding").schema(), "JPEG"));
    old.put("width", 2);
    old.put("height", 2);
    old.put("bytes", ByteBuffer.wrap(new byte[] {1, 2}));
    old.put("label", null);
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] value = new byte[bytes.remaining()];
    bytes.get(value);
    Frame decoded = AvroSerde.frames(WireFormat.singleObject()).deserialize("t", value);
    assertThat(decoded.getSequence()).isEqualTo(3L);
    assertThat(decoded.getCaptureClock()).isEqualTo(CaptureClock.READ);
  }

  @Test
  void theOldReaderDecodesRecordsOfTheNewWriterIgnoringTheModes() throws Exception {
    Prediction current = Prediction.newBuilder().setCameraId("cam-2").setSequence(9)
        .setCaptureTimestampMs(Instant.ofEpochMilli(2000)).setEmitTimestampMs(Instant.ofEpochMilli(2020))
        .setModelName("m").setModelVersion("2").setTargetDim(1).setMean(List.of(1f)).setCovariance(List.of(100f))
        .setHypotheses(List.of()).setEffectiveSampleSize(50).setLogPartition(0).setSamples(1024)
        .setLabel(List.of(-9f)).setLatencyMs(Map.of())
        .setModes(List.of(new io.ebmperception.schemas.Mode(0.55, List.of(-10f), List.of(1f)),
            new io.ebmperception.schemas.Mode(0.45, List.of(12f), List.of(1f))))
        .build();
    byte[] value = AvroSerde.predictions(WireFormat.singleObject()).serialize("t", current);

    // An old consumer: version 1 as its reader schema, the new writer schema in its store (from
    // schemas.dir or a newer jar), exactly how a deployed app learns about newer producers.
    LocalSchemaStore oldStore = new LocalSchemaStore().add(V1).add(Prediction.getClassSchema());
    GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), V1, oldStore).decode(value);

    assertThat(read.getSchema().getField("modes")).isNull();
    assertThat(read.get("sequence")).isEqualTo(9L);
    assertThat(read.get("label").toString()).isEqualTo("[-9.0]");
  }

  @Test
  void theShippedStoreKnowsTheOldVersionByItsFingerprint() {
    LocalSchemaStore store = LocalSchemaStore.withCurrentSchemas();
    assertThat(store.findByFingerprint(LocalSchemaStore.fingerprint(V1))).isEqualTo(V1);
    assertThat(LocalSchemaStore.fingerprint(V1)).isNotEqualTo(LocalSchemaStore.fingerprint(Prediction.getClassSchema()));
  }
}
