package io.ebmperception.stream;

import io.ebmperception.testkit.PackageLayers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app's packages are layers in the order data flows (replay → recording → report → vision →
 * inference → topology → ops → cli): a package imports only from the layers before it, so that, for
 * instance, the topology knows no metrics library and no recording or replay, and the edges
 * (replay, recording, reports) know no app wiring. Cameras, settings, health and Kafka probes are
 * modules of their own (ingest, runtime) below all of these.
 */
class PackageLayeringTest {
  private static final List<String> LAYERS = List.of("replay", "recording", "report", "vision", "inference",
      "topology", "ops", "cli");

  @Test
  void noPackageImportsALaterLayerAndEveryPackageHasItsPlace() {
    PackageLayers.assertLayered("io.ebmperception.stream", LAYERS);
  }
}
