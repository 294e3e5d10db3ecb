package io.ebmperception.stream.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The app's HTTP endpoints: {@code /health/live} (the process is up), {@code /health/ready}
 * (Kafka Streams is RUNNING and the model is warmed; 503 otherwise) and {@code /metrics}
 * (Prometheus text format).
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param port  TCP port; 0 picks a free one
   * @param ready whether the app can serve traffic
   */
  public HealthServer(int port, BooleanSupplier ready, PrometheusMeterRegistry registry) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.createContext("/health/live", ex -> respond(ex, 200, "live\n", "text/plain"));
    server.createContext("/health/ready", ex -> {
      boolean ok = ready.getAsBoolean();
      respond(ex, ok ? 200 : 503, ok ? "ready\n" : "not ready\n", "text/plain");
    });
    server.createContext("/metrics", ex -> respond(ex, 200, registry.scrape(),
        "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
