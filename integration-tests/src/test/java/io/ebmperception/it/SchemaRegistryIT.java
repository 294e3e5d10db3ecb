package io.ebmperception.it;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.registry.SchemaRegistryClient;
import io.ebmperception.schemas.registry.SchemaRegistryException;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry wire format end to end against a real registry (Apicurio Registry, in-memory, on
 * localhost): frames written in the registry framing become predictions in the registry framing,
 * which a consumer that knows nothing but the registry's URL decodes (a generic Avro reader here,
 * and the Python and C subscribers of {@code examples/}). Prediction version 1 is registered first
 * with BACKWARD compatibility, so the app's version 2 passes the registry's check; an
 * incompatible version is refused; a wrong or unreachable registry is one line at a command's start.
 */
class SchemaRegistryIT {
  static final String V1 = "history/Prediction-v1.avsc";

  @TempDir
  static Path dir;
  static SchemaRegistryServer registry;
  static SchemaRegistryClient client;
  static StreamApp app;
  static WireFormat wire;
  static Map<String, Prediction> byFrame;

  @BeforeAll
  static void start() throws Exception {
    registry = SchemaRegistryServer.start();
    client = new SchemaRegistryClient(registry.url(), Optional.empty(), Duration.ofSeconds(10));
    String subject = WireFormat.subject("ebm.predictions");
    int v1 = client.register(subject, LocalSchemaStore.historical(V1));
    client.setCompatibility(subject, "BACKWARD");
    AppConfig config = TestApps.small(dir)
        .with(SharedSettings.SERDE_FORMAT, WireFormat.Kind.REGISTRY.spelling())
        .with(SharedSettings.SCHEMA_REGISTRY_URL, registry.url());
    wire = config.wireFormat();
    app = StreamApp.start(config, TestBundles.steering16(dir.resolve("bundle")));
    assertThat(app.awaitReady(Duration.ofSeconds(90))).as("app ready").isTrue();
    SubscribersIT.sendFrames(app, wire);
    byFrame = SubscribersIT.predictions(app, wire);
    System.out.printf("registry: Prediction v1 registered as id %d, subject %s versions %s%n", v1, subject,
        client.versions(subject));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void predictionsAreInTheRegistryFramingAndDecodeWithNothingButTheRegistryUrl() throws Exception {
    List<byte[]> raw = new TopicReader<>(app.bootstrapServers(), new Properties(), new ByteArrayDeserializer())
        .read(app.topics().predictions(), byFrame.size(), Duration.ofSeconds(10), x -> { });
    assertThat(raw).hasSize(byFrame.size());
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    Map<Integer, Schema> schemas = new HashMap<>();
    Set<String> frames = new TreeSet<>();
    for (byte[] value : raw) {
      assertThat(value[0]).as("magic byte").isZero();
      int id = ByteBuffer.wrap(value, 1, 4).getInt();
      Schema writer = schemas.computeIfAbsent(id, i -> {
        try {
          String body = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + i)).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          return new Schema.Parser().parse(json.readTree(body).path("schema").asText());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      GenericRecord p = new GenericDatumReader<GenericRecord>(writer).read(null,
          DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
      String frame = p.get("cameraId") + " #" + p.get("sequence");
      frames.add(frame);
      assertThat(((List<?>) p.get("mean"))).hasSize(1);
      assertThat(p.get("modes")).as("version 2's field").isNotNull();
    }
    assertThat(frames).containsExactlyInAnyOrderElementsOf(byFrame.keySet());
    assertThat(schemas).hasSize(1);
    int predictionId = schemas.keySet().iterator().next();
    String subject = WireFormat.subject(app.topics().predictions());
    assertThat(client.versions(subject)).as("v1 registered by the test, v2 by the app through BACKWARD").hasSize(2);
    assertThat(client.versions(WireFormat.subject(app.topics().frames()))).hasSize(1);
    assertThat(client.versions(WireFormat.subject(app.topics().deadLetters()))).hasSize(1);
    System.out.printf("registry IT: %d predictions in the registry framing, schema id %d; subjects: frames %s, "
        + "predictions %s, dead letters %s%n", raw.size(), predictionId,
        client.versions(WireFormat.subject(app.topics().frames())), client.versions(subject),
        client.versions(WireFormat.subject(app.topics().deadLetters())));
  }

  @Test
  void anIncompatibleEvolutionIsRefusedByTheRegistry() {
    Schema current = Prediction.getClassSchema();
    String json = current.toString().replaceFirst("\\{\"name\":\"cameraId\"",
        "{\"name\":\"mandatoryNewField\",\"type\":\"string\"},{\"name\":\"cameraId\"");
    Schema incompatible = new Schema.Parser().parse(json);
    assertThatThrownBy(() -> client.register(WireFormat.subject(app.topics().predictions()), incompatible))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("incompatible")
        .hasMessageContaining(registry.url())
        .hasMessageNotContaining("\n");
  }

  @Test
  void thePythonSubscriberDecodesTheRegistryFramingByUrl() throws Exception {
    Subscribers.Output out = Subscribers.python("--bootstrap", app.bootstrapServers(), "--topic",
        app.topics().predictions(), "--registry", registry.url(), "--count", Integer.toString(byFrame.size()));
    SubscribersIT.assertDecodesEveryPrediction(out, byFrame);
    assertThat(out.err()).contains("registry:").contains("0 undecodable");
    System.out.printf("python subscriber (registry): %s", out.err());
  }

  @Test
  void theCSubscriberDecodesTheRegistryFramingByUrl() throws Exception {
    Subscribers.Output out = Subscribers.c("--bootstrap", app.bootstrapServers(), "--topic",
        app.topics().predictions(), "--registry", registry.url(), "--count", Integer.toString(byFrame.size()));
    SubscribersIT.assertDecodesEveryPrediction(out, byFrame);
    assertThat(out.err()).contains("registry: " + byFrame.size());
    System.out.printf("C subscriber (registry): %s", out.err());
  }

  @Test
  void recordAndEvaluateStreamReadTheRegistryFraming() throws Exception {
    String[] settings = {"--bootstrap-servers", app.bootstrapServers(), "--set", "serde.format=registry", "--set",
        "schema.registry.url=" + registry.url(), "--idle-seconds", "3"};
    ReplayFailuresIT.Run evaluated = ReplayFailuresIT.cli(concat(concat(new String[] {"evaluate", "--expect",
        Integer.toString(byFrame.size()), "--plot", dir.resolve("evaluation.png").toString()}, settings)));
    assertThat(evaluated.exit()).as(evaluated.err()).isZero();
    assertThat(evaluated.out()).contains(Integer.toString(byFrame.size()));
    Path dataset = dir.resolve("recorded");
    ReplayFailuresIT.Run recorded = ReplayFailuresIT.cli(concat(new String[] {"record", "--output",
        dataset.toString()}, settings));
    assertThat(recorded.exit()).as(recorded.err()).isZero();
    assertThat(recorded.out()).contains("recorded " + byFrame.size() + " frames");
    System.out.printf("evaluate-stream (registry): %s%nrecord (registry): %s%n", evaluated.out().strip(),
        recorded.out().strip());
  }

  @Test
  void aWrongOrUnreachableRegistryIsOneLineAtTheStart() throws Exception {
    Path recording = java.nio.file.Files.createDirectories(dir.resolve("recording"));
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", recording.resolve("000.png").toFile());
    String[] common = {"replay", recording.toString(), "--bootstrap-servers", app.bootstrapServers(), "--set",
        "serde.format=registry", "--fast"};
    ReplayFailuresIT.Run unreachable = ReplayFailuresIT.cli(concat(common, "--set",
        "schema.registry.url=http://127.0.0.1:9/apis/ccompat/v7"));
    ReplayFailuresIT.Run notARegistry = ReplayFailuresIT.cli(concat(common, "--set",
        "schema.registry.url=http://127.0.0.1:" + app.httpPort() + "/metrics"));
    ReplayFailuresIT.Run none = ReplayFailuresIT.cli(common);
    for (ReplayFailuresIT.Run run : List.of(unreachable, notARegistry, none)) {
      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.err().strip()).startsWith("error: ").doesNotContain("\n").doesNotContain("Exception");
    }
    assertThat(unreachable.err()).contains("cannot reach the schema registry at http://127.0.0.1:9/apis/ccompat/v7");
    assertThat(notARegistry.err()).contains("is not a schema registry");
    assertThat(none.err()).contains("serde.format=registry needs schema.registry.url");
    System.out.printf("unreachable: %snot a registry: %sno URL: %s", unreachable.err(), notARegistry.err(), none.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
