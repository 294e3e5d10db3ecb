package io.ebmperception.runtime.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The app's HTTP endpoints: {@code /health/live} (the process is up), {@code /health/ready}
 * ({@link Readiness}: 200 or 503, with the reasons in the body) and {@code /metrics} (Prometheus
 * text format, rendered at most once a second: {@link ScrapeCache}). Exact paths only (anything
 * else is 404), GET and HEAD only (405 otherwise).
 *
 * <p>Served by Jetty, not the JDK's built-in server: the JDK server reads each request's headers
 * on a blocking worker thread with no read timeout unless a JVM-wide system property is set, so
 * one client that sends {@code GET /} and never finishes held the probes for as long as it stayed
 * connected. Jetty parses requests without blocking (a handler runs only once a request is
 * complete) and closes a connection idle for {@link #IDLE_TIMEOUT}; {@code HealthServerTest}
 * holds one half-open and 200 idle connections open and requires every probe within 1 s.
 */
public final class HealthServer implements AutoCloseable {
  /** A connection that sends nothing for this long is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** Connections the kernel queues before Jetty accepts them (the JDK default is 50). */
  private static final int ACCEPT_QUEUE = 1024;
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private final Server server;
  private final ServerConnector connector;

  /** Whether the app can serve, and what an operator should know either way (one line each). */
  public record Readiness(boolean ready, java.util.List<String> reasons) {
    public Readiness {
      reasons = java.util.List.copyOf(reasons);
    }

    /** The probe's body: "ready" or "not ready", then the reasons, one per line. */
    String body() {
      StringBuilder b = new StringBuilder(ready ? "ready\n" : "not ready\n");
      reasons.forEach(r -> b.append(r).append('\n'));
      return b.toString();
    }
  }

  /**
   * @param bind      address to listen on ({@code 0.0.0.0}: every interface, as a pod needs;
   *                  {@code 127.0.0.1}: this machine only)
   * @param port      TCP port; 0 picks a free one
   * @param readiness whether the app can serve traffic, and why not
   */
  public HealthServer(String bind, int port, Supplier<Readiness> readiness, PrometheusMeterRegistry registry) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("ebm-http");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    server.addConnector(connector);
    server.setHandler(new Endpoints(readiness, registry));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // the start failure is the one to report
      }
      if (PortTakenException.isBindFailure(e)) {
        throw new PortTakenException("the health and metrics server", bind + ":" + port,
            io.ebmperception.runtime.config.SharedSettings.HTTP_PORT.key(), "");
      }
      throw new IllegalStateException("cannot serve health and metrics on " + bind + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  /** The port actually bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The three endpoints, by exact path. */
  private static final class Endpoints extends Handler.Abstract.NonBlocking {
    private final Supplier<Readiness> readiness;
    private final ScrapeCache metrics;

    Endpoints(Supplier<Readiness> readiness, PrometheusMeterRegistry registry) {
      this.readiness = readiness;
      this.metrics = new ScrapeCache(registry::scrape, System::nanoTime);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String method = request.getMethod();
      String path = request.getHttpURI().getPath();
      boolean known = "/health/live".equals(path) || "/health/ready".equals(path) || "/metrics".equals(path);
      if (!known) {
        return respond(response, callback, 404, "not found; endpoints: /health/live, /health/ready, /metrics\n", TEXT);
      }
      if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        return respond(response, callback, 405, "method " + method + " not allowed; GET or HEAD\n", TEXT);
      }
      return switch (path) {
        case "/health/live" -> respond(response, callback, 200, "live\n", TEXT);
        case "/health/ready" -> {
          Readiness r = readiness.get();
          yield respond(response, callback, r.ready() ? 200 : 503, r.body(), TEXT);
        }
        default -> respond(response, callback, 200, metrics.body(), PROMETHEUS);
      };
    }

    private static boolean respond(Response response, Callback callback, int status, String body, String type) {
      return respond(response, callback, status, body.getBytes(StandardCharsets.UTF_8), type);
    }

    private static boolean respond(Response response, Callback callback, int status, byte[] bytes, String type) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
      return true;
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP server", e);
    }
  }
}
