package io.ebmperception.stream.ops;

import io.ebmperception.runtime.http.HealthServer;
import io.ebmperception.runtime.http.PortTakenException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.schemas.cli.CommandLines;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port another process holds is a user's setting to change: one line naming it, exit 2. */
class PortTakenTest {

  @Test
  void aTakenHttpPortNamesItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      assertThatThrownBy(() -> new HealthServer("127.0.0.1", taken.getLocalPort(),
          () -> new HealthServer.Readiness(true, List.of()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
          .isInstanceOf(PortTakenException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("set http.port")
          .matches(CommandLines::isUserError);
    }
  }

  @Test
  void aTakenBrokerPortIsRefusedBeforeKafkaStarts(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("localhost", 0));
      assertThatThrownBy(() -> EmbeddedKafka.start(dir.resolve("kafka"), taken.getLocalPort()))
          .isInstanceOf(PortTakenException.class)
          .hasMessageContaining("localhost:" + taken.getLocalPort()).hasMessageContaining("set embedded.port")
          .matches(CommandLines::isUserError);
    }
  }
}
