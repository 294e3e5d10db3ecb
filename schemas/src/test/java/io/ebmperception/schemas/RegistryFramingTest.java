package io.ebmperception.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ebmperception.schemas.registry.SchemaRegistryClient;
import io.ebmperception.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serde's registry framing and its edges, against a few lines of HTTP that answer the two
 * requests the serde makes (register, fetch by id) the way a registry does. The real registry is
 * exercised end to end in the integration tests (SchemaRegistryIT, Apicurio); this is the unit
 * level: framing bytes, bounded decoding, and classification of what is wrong.
 */
class RegistryFramingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> schemas = new ArrayList<>();
  private HttpServer server;
  private SchemaRegistryClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    client = new SchemaRegistryClient("http://127.0.0.1:" + server.getAddress().getPort(), Optional.empty(),
        Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private synchronized void answer(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String body;
    int status = 200;
    if (x.getRequestMethod().equals("POST") && path.endsWith("/versions")) {
      String schema = JSON.readTree(x.getRequestBody()).path("schema").asText();
      int id = schemas.indexOf(schema);
      if (id < 0) {
        schemas.add(schema);
        id = schemas.size() - 1;
      }
      body = "{\"id\":" + (id + 1) + "}";
    } else if (path.startsWith("/schemas/ids/")) {
      int id = Integer.parseInt(path.substring("/schemas/ids/".length()));
      if (id >= 1 && id <= schemas.size()) {
        body = JSON.createObjectNode().put("schema", schemas.get(id - 1)).toString();
      } else {
        status = 404;
        body = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
      }
    } else if (path.equals("/subjects")) {
      body = "[]";
    } else {
      status = 404;
      body = "{\"error_code\":404,\"message\":\"not found\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private static Frame frame() {
    return TestRecords.frame();
  }

  @Test
  void writesMagicByteAndSchemaIdThenTheBodyAndReadsItBack() {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.registry(LocalSchemaStore.withCurrentSchemas(), client));
    byte[] bytes = serde.serialize("ebm.frames", frame());
    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1);
    assertThat(new Schema.Parser().parse(schemas.get(0))).isEqualTo(Frame.getClassSchema());
    assertThat(serde.deserialize("ebm.frames", bytes)).isEqualTo(frame());
    // a fresh reader that knows nothing but the registry fetches the writer schema by id
    SchemaRegistryClient fresh = new SchemaRegistryClient(client.url(), Optional.empty(), Duration.ofSeconds(5));
    assertThat(AvroSerde.frames(WireFormat.singleObject(LocalSchemaStore.withCurrentSchemas(), fresh))
        .deserialize("ebm.frames", bytes)).isEqualTo(frame());
  }

  @Test
  void aRegistryFramedRecordWhoseLabelLiesAboutItsLengthIsRefusedBeforeDecoding() {
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.registry(LocalSchemaStore.withCurrentSchemas(), client));
    byte[] good = serde.serialize("ebm.frames", frame());
    // the label [0.5] is the last 7 bytes: union branch 02, block count 02, one float, end 00;
    // keep the branch and claim 2^28 floats (zig-zag varint 80 80 80 80 02) with no bytes after it
    int branch = good.length - 7;
    byte[] lying = java.util.Arrays.copyOf(good, branch + 6);
    lying[branch + 1] = (byte) 0x80;
    lying[branch + 2] = (byte) 0x80;
    lying[branch + 3] = (byte) 0x80;
    lying[branch + 4] = (byte) 0x80;
    lying[branch + 5] = (byte) 0x02;
    assertThatThrownBy(() -> serde.deserialize("ebm.frames", lying))
        .isInstanceOfSatisfying(AvroDecodingException.class, e -> {
          assertThat(e.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
          assertThat(e.getMessage()).contains("refused before decoding", "Frame.label");
        });
  }

  @Test
  void unknownIdsAndAMissingRegistryAreUnknownSchemasNotCrashes() {
    AvroSerde<Frame> writer = AvroSerde.frames(WireFormat.registry(LocalSchemaStore.withCurrentSchemas(), client));
    byte[] bytes = writer.serialize("ebm.frames", frame());
    byte[] unknownId = bytes.clone();
    unknownId[4] = 9;
    assertThatThrownBy(() -> writer.deserialize("ebm.frames", unknownId))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
        .hasMessageContaining("schema id 9 is not in the schema registry");
    assertThatThrownBy(() -> AvroSerde.frames(WireFormat.singleObject()).deserialize("ebm.frames", bytes))
        .isInstanceOfSatisfying(AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA))
        .hasMessageContaining("no schema.registry.url");
  }

  @Test
  void aSchemaIdOfAnotherRecordTypeIsNotDecodedAsAFrame() {
    AvroSerde<Prediction> predictions = AvroSerde.predictions(
        WireFormat.registry(LocalSchemaStore.withCurrentSchemas(), client));
    predictions.register("ebm.predictions"); // id 1 is now Prediction
    AvroSerde<Frame> frames = AvroSerde.frames(WireFormat.registry(LocalSchemaStore.withCurrentSchemas(), client));
    byte[] framed = frames.serialize("ebm.frames", frame()); // id 2
    framed[4] = 1;
    assertThatThrownBy(() -> frames.deserialize("ebm.frames", framed))
        .isInstanceOf(AvroDecodingException.class).hasMessageContaining("is io.ebmperception.schemas.Prediction");
  }

  @Test
  void aRegistryThatIsAwayIsNotTheRecordsFaultAndSaysSoInOneLine() {
    SchemaRegistryClient away = new SchemaRegistryClient("http://127.0.0.1:9", Optional.of("user:secret"),
        Duration.ofSeconds(2));
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.registry(LocalSchemaStore.withCurrentSchemas(), away));
    assertThatThrownBy(() -> serde.serialize("ebm.frames", frame()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage("cannot reach the schema registry at http://127.0.0.1:9 to register io.ebmperception.schemas.Frame"
            + " under subject ebm.frames-value: connection refused (is it running, and is the port right?)");
    assertThatThrownBy(() -> new SchemaRegistryClient("registry:8081", Optional.empty(), Duration.ofSeconds(1)))
        .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("must start with http:// or https://");
  }
}
