package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.testkit.TestFrames;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app through a schema-registry outage, end to end: frames in the registry framing whose
 * schema id the app has not seen arrive while a (fake) registry answers 503; readiness turns 503
 * naming the registry, the frames wait, and once the registry answers every one is predicted, in
 * order, none dead-lettered, and readiness is 200 again.
 */
class RegistryOutageIT {
  private static final int FRAME_SCHEMA_ID = 5;
  private static final int FRAMES = 6;

  @Test
  void framesWaitForTheRegistryAndReadinessSaysSo(@TempDir Path dir) throws Exception {
    AtomicBoolean away = new AtomicBoolean(false);
    String schemaAnswer = "{\"schema\":" + new ObjectMapper().writeValueAsString(Frame.getClassSchema().toString()) + "}";
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", x -> {
      String path = x.getRequestURI().getPath();
      boolean registration = x.getRequestMethod().equals("POST") && path.endsWith("/versions"); // the app's outputs
      int status = away.get() ? 503
          : registration || path.equals("/subjects") || path.equals("/schemas/ids/" + FRAME_SCHEMA_ID) ? 200 : 404;
      String body = status == 503 ? "{\"message\":\"down for maintenance\"}"
          : registration ? "{\"id\":100}" : path.equals("/subjects") ? "[]"
          : status == 200 ? schemaAnswer : "{\"message\":\"not found\"}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(status, bytes.length);
      x.getResponseBody().write(bytes);
      x.close();
    });
    registry.start();
    String url = "http://127.0.0.1:" + registry.getAddress().getPort();
    HttpClient http = HttpClient.newHttpClient();
    try (StreamApp app = StreamApp.start(TestApps.small(dir).with(SharedSettings.SCHEMA_REGISTRY_URL, url),
        TestBundles.steering16(dir.resolve("bundle")))) {
      assertThat(app.awaitReady(Duration.ofSeconds(90))).isTrue();
      URI ready = URI.create("http://127.0.0.1:" + app.httpPort() + "/health/ready");
      away.set(true);
      send(app, 0, FRAMES);
      HttpResponse<String> during = awaitReadiness(http, ready, 503, Duration.ofSeconds(30));
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.body()).contains("the schema registry").contains("HTTP 503");

      away.set(false);
      List<Prediction> predicted = new TopicReader<>(app.bootstrapServers(), new Properties(),
          AvroSerde.predictions(WireFormat.singleObject())).read(app.topics().predictions(), FRAMES,
          Duration.ofSeconds(60), x -> { });
      assertThat(predicted).extracting(Prediction::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      assertThat(awaitReadiness(http, ready, 200, Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
      List<DeadLetter> dead = new TopicReader<>(app.bootstrapServers(), new Properties(),
          AvroSerde.deadLetters(WireFormat.singleObject())).read(app.topics().deadLetters(), 1, Duration.ofSeconds(3),
          x -> { });
      assertThat(dead).as("no frame is dead-lettered for the registry's outage").isEmpty();
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).containsPattern("ebm_schema_registry_failures_total [1-9]")
          .containsPattern("ebm_frames_deferred_total [1-9]");
    } finally {
      registry.stop(0);
    }
  }

  /** Frames of one camera (one partition, so their order is kept) in the registry framing. */
  private static void send(StreamApp app, long first, int count) {
    AvroSerde<Frame> singleObject = AvroSerde.frames(WireFormat.singleObject());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (long s = first; s < first + count; s++) {
        byte[] single = singleObject.serialize("f", TestFrames.frame("cam-1", s));
        int header = 10; // single-object: 2 marker bytes and the 8-byte fingerprint
        byte[] framed = ByteBuffer.allocate(WireFormat.REGISTRY_HEADER_BYTES + single.length - header)
            .put(WireFormat.REGISTRY_MAGIC).putInt(FRAME_SCHEMA_ID).put(single, header, single.length - header).array();
        producer.send(new ProducerRecord<>(app.topics().frames(), "cam-1", framed));
      }
    }
  }

  private static HttpResponse<String> awaitReadiness(HttpClient http, URI ready, int status, Duration within)
      throws Exception {
    long end = System.nanoTime() + within.toNanos();
    HttpResponse<String> r;
    do {
      r = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == status) {
        return r;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < end);
    return r;
  }
}
