package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops and starts again on its data directory while the app serves: readiness goes
 * false within the configured grace, true again after the restart, and every frame sent before
 * and after has exactly one prediction for a read_committed reader.
 */
class BrokerOutageIT {

  @Test
  void readinessFollowsTheBrokerAndNoFrameIsLostOrRepeated(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    EmbeddedKafka broker = EmbeddedKafka.start(data, 0);
    String bootstrap = broker.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    AppConfig config = TestApps.onCluster(dir, bootstrap)
        .with(Settings.SAMPLES, 128)
        .with(Settings.HYPOTHESES, 4)
        .with(Settings.STREAM_THREADS, 1)
        .with(Settings.BROKER_GRACE, 3);
    StreamApp app = StreamApp.start(config, TestBundles.steering16(dir.resolve("bundle")));
    try {
      assertThat(app.awaitReady(Duration.ofSeconds(90))).as("ready").isTrue();
      CrashRecoveryIT.send(bootstrap, app.topics().frames(), 0, 10, 0);
      assertThat(read(app, 10)).hasSize(10);

      broker.close();
      long down = System.nanoTime();
      assertThat(await(() -> !app.ready(), Duration.ofSeconds(30))).as("not ready without a broker").isTrue();
      long notReadyAfterMs = (System.nanoTime() - down) / 1_000_000;
      assertThat(httpStatus(app, "/health/ready")).isEqualTo(503);
      assertThat(httpStatus(app, "/health/live")).isEqualTo(200);

      broker = EmbeddedKafka.start(data, port);
      long up = System.nanoTime();
      assertThat(await(app::ready, Duration.ofSeconds(90))).as("ready again").isTrue();
      long readyAgainMs = (System.nanoTime() - up) / 1_000_000;
      System.out.printf("broker outage: not ready after %d ms, ready again %d ms after the restart%n",
          notReadyAfterMs, readyAgainMs);

      CrashRecoveryIT.send(bootstrap, app.topics().frames(), 10, 10, 0);
      List<Prediction> all = read(app, 20);
      Set<Long> sequences = all.stream().map(Prediction::getSequence).collect(Collectors.toSet());
      assertThat(all).hasSize(20);
      assertThat(sequences).hasSize(20);
    } finally {
      app.close();
      broker.close();
    }
  }

  private static List<Prediction> read(StreamApp app, int expected) {
    return new TopicReader<>(app.bootstrapServers(), new Properties(),
        AvroSerde.predictions(WireFormat.singleObject()))
        .read(app.topics().predictions(), expected, Duration.ofSeconds(60), p -> { });
  }

  private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }

  private static int httpStatus(StreamApp app, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + app.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
