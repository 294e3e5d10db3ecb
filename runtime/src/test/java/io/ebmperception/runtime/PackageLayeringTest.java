package io.ebmperception.runtime;

import io.ebmperception.testkit.PackageLayers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages are layers (logging → config → kafka → http): the endpoint may name the
 * settings that chose its port, the settings know neither Kafka probes nor the endpoint.
 */
class PackageLayeringTest {
  @Test
  void noPackageImportsALaterLayerAndEveryPackageHasItsPlace() {
    PackageLayers.assertLayered("io.ebmperception.runtime", List.of("logging", "config", "kafka", "http"));
  }
}
