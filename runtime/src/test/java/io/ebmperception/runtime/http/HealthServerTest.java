package io.ebmperception.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final AtomicReference<HealthServer.Readiness> readiness =
      new AtomicReference<>(new HealthServer.Readiness(false, List.of("Kafka Streams is REBALANCING")));
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private HealthServer server;
  private String base;

  @BeforeEach
  void start() {
    registry.summary("ebm.batch.size").record(3);
    registry.counter("ebm.dead.letters", "reason", "DECODE_FAILED").increment();
    server = new HealthServer("127.0.0.1", 0, readiness::get, registry);
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void probesAndMetricsAnswerWithTheReasonsInTheReadinessBody() throws Exception {
    assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = send("GET", "/health/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("not ready\nKafka Streams is REBALANCING\n");
    readiness.set(new HealthServer.Readiness(true, List.of("roll-out of v9 refused: other task")));
    HttpResponse<String> ready = send("GET", "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\nroll-out of v9 refused: other task\n");
    assertThat(send("GET", "/metrics").body())
        .contains("ebm_batch_size", "ebm_dead_letters_total{reason=\"DECODE_FAILED\"} 1.0");
  }

  @Test
  void onlyTheExactPathsAndOnlyGetAndHeadAreServed() throws Exception {
    for (String path : List.of("/", "/metricsfoo", "/health/livez", "/health", "/health/live/x")) {
      assertThat(send("GET", path).statusCode()).as(path).isEqualTo(404);
    }
    for (String method : List.of("POST", "PUT", "DELETE", "TRACE", "PATCH")) {
      HttpResponse<String> r = send(method, "/health/live");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }
    HttpResponse<String> head = send("HEAD", "/health/live");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aHalfOpenRequestAndTwoHundredIdleConnectionsDoNotDelayTheProbes() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      Socket halfOpen = new Socket();
      halfOpen.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
      OutputStream out = halfOpen.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
      out.flush();
      held.add(halfOpen);
      for (int i = 0; i < 200; i++) {
        Socket idle = new Socket();
        idle.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
        held.add(idle);
      }
      for (int round = 0; round < 3; round++) {
        for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
          long start = System.nanoTime();
          int status = send("GET", path).statusCode();
          double seconds = (System.nanoTime() - start) / 1e9;
          assertThat(status).isIn(200, 503);
          assertThat(seconds).as("%s answered in %.3f s", path, seconds).isLessThan(1.0);
        }
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
