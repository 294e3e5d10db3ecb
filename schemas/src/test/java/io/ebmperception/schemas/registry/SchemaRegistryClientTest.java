package io.ebmperception.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry as a dependency that fails: fake registries on localhost that trickle their answer,
 * answer 50 MB, hold no such id, refuse for a while, and a URL with credentials in it.
 */
class SchemaRegistryClientTest {
  private static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[]}\"}";
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<String> authorization = new AtomicReference<>();

  private String serve(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", x -> {
      requests.incrementAndGet();
      authorization.set(x.getRequestHeaders().getFirst("Authorization"));
      try {
        handler.handle(x);
      } catch (IOException | RuntimeException e) {
        // the client hung up (a cut-off answer): nothing to do
      } finally {
        x.close();
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private interface Handler {
    void handle(HttpExchange x) throws IOException;
  }

  private static void answer(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Test
  void aRegistryThatTricklesItsAnswerIsCutOffAtTheDeadline() throws Exception {
    String url = serve(x -> { // headers at once, then one byte every 2 s
      x.sendResponseHeaders(200, 0);
      OutputStream out = x.getResponseBody();
      for (int i = 0; i < 60; i++) {
        out.write('[');
        out.flush();
        sleep(2000);
      }
    });
    SchemaRegistryClient client = new SchemaRegistryClient(url, Optional.empty(), Duration.ofSeconds(2));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.schema(7)).isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("no complete answer within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(client.unavailable()).get().asString().contains("no complete answer");
    // within the backoff no second request goes out: the failure is answered from memory
    int before = requests.get();
    assertThatThrownBy(() -> client.schema(8)).isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("next try in");
    assertThat(requests.get()).isEqualTo(before);
    assertThat(client.failures()).isEqualTo(1);
  }

  @Test
  void aFiftyMegabyteAnswerIsRefusedUnreadAsNotARegistry() throws Exception {
    String url = serve(x -> {
      x.sendResponseHeaders(200, 50L << 20);
      byte[] chunk = new byte[1 << 16];
      java.util.Arrays.fill(chunk, (byte) ' ');
      OutputStream out = x.getResponseBody();
      for (int i = 0; i < 800; i++) {
        out.write(chunk);
      }
    });
    SchemaRegistryClient client = new SchemaRegistryClient(url, Optional.empty(), Duration.ofSeconds(10));
    assertThatThrownBy(client::probe).isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("answered more than 1024 KiB").hasMessageContaining("not a schema registry");
  }

  @Test
  void anIdTheRegistryDoesNotHoldIsAskedOnceForAHundredRecords() throws Exception {
    String url = serve(x -> answer(x, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
    AtomicLong now = new AtomicLong();
    SchemaRegistryClient client = new SchemaRegistryClient(url, Optional.empty(), Duration.ofSeconds(5), now::get);
    for (int i = 0; i < 100; i++) {
      assertThat(client.schema(42)).isEmpty();
    }
    assertThat(requests.get()).isEqualTo(1);
    now.addAndGet(SchemaRegistryClient.MISSING_TTL.toNanos() + 1);
    assertThat(client.schema(42)).isEmpty();
    assertThat(requests.get()).isEqualTo(2);
    assertThat(client.unavailable()).isEmpty();
  }

  @Test
  void aRegistryAwayForAWhileIsAskedWithBackoffAndAnswersOnceBack() throws Exception {
    AtomicInteger refusals = new AtomicInteger(3);
    String url = serve(x -> {
      if (refusals.getAndDecrement() > 0) {
        answer(x, 503, "{\"message\":\"starting\"}");
      } else {
        answer(x, 200, SCHEMA);
      }
    });
    AtomicLong now = new AtomicLong();
    SchemaRegistryClient client = new SchemaRegistryClient(url, Optional.empty(), Duration.ofSeconds(5), now::get);
    assertThatThrownBy(() -> client.schema(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("HTTP 503");
    now.addAndGet(Duration.ofMillis(900).toNanos()); // within the first 1 s: no request
    assertThatThrownBy(() -> client.schema(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
    assertThat(requests.get()).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(200).toNanos()); // 1.1 s: the second try, refused, then 2 s to wait
    assertThatThrownBy(() -> client.schema(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
    now.addAndGet(Duration.ofMillis(1500).toNanos());
    assertThatThrownBy(() -> client.schema(1)).hasMessageContaining("next try in");
    assertThat(requests.get()).isEqualTo(2);
    now.addAndGet(Duration.ofMillis(600).toNanos());
    assertThatThrownBy(() -> client.schema(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(client.schema(1)).get().extracting(org.apache.avro.Schema::getName).isEqualTo("R");
    assertThat(requests.get()).isEqualTo(4);
    assertThat(client.unavailable()).isEmpty();
    assertThat(client.failures()).isEqualTo(3);
  }

  @Test
  void credentialsWrittenIntoTheUrlAreUsedAndNeverShown() throws Exception {
    String url = serve(x -> answer(x, 503, "{}")).replace("http://", "http://robot:hunter2@");
    SchemaRegistryClient client = new SchemaRegistryClient(url, Optional.empty(), Duration.ofSeconds(5));
    assertThat(client.url()).doesNotContain("hunter2").doesNotContain("robot");
    assertThatThrownBy(() -> client.schema(3)).hasMessageNotContaining("hunter2");
    assertThat(authorization.get()).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("robot:hunter2".getBytes(StandardCharsets.UTF_8)));
    assertThat(SchemaRegistryClient.masked(url)).contains("://****@").doesNotContain("hunter2");
    assertThatThrownBy(() -> new SchemaRegistryClient("ftp://robot:hunter2@host/x", Optional.empty(), Duration.ofSeconds(1)))
        .hasMessageNotContaining("hunter2");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
