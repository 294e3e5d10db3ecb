package io.ebmperception.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real schema registry on 127.0.0.1 for a test: Apicurio Registry with its in-memory storage, run
 * from the jar the {@code integration-tests/schema-registry} module builds from Maven Central, in a
 * JVM of its own. {@link #url()} is its Confluent-compatible API.
 */
final class SchemaRegistryServer implements AutoCloseable {
  static final Path JAR = Path.of("schema-registry", "target", "schema-registry-runner.jar").toAbsolutePath();
  private final Process process;
  private final int port;

  private SchemaRegistryServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the registry and waits until its API answers (a few seconds). */
  static SchemaRegistryServer start() throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new AssertionError(JAR + " is missing: build the integration-tests/schema-registry module first "
          + "(mvn install from the project root builds it before the tests)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("schema-registry", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    SchemaRegistryServer server = new SchemaRegistryServer(p, port);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("the schema registry exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    server.close();
    throw new AssertionError("the schema registry did not answer within 90 s: " + Files.readString(log));
  }

  /** The Confluent-compatible API, as {@code schema.registry.url} takes it. */
  String url() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
