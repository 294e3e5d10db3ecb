package io.ebmperception.stream;

import io.ebmperception.testkit.PackageLayers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app's packages are layers in the order data flows (probe → replay → camera → recording →
 * report → vision → inference → topology → ops → cli): a package imports only from the layers
 * before it, so that, for instance, the topology knows no metrics library and no recording or
 * replay, and the edges (replay, cameras, recording, reports) know no app wiring.
 */
class PackageLayeringTest {
  private static final List<String> LAYERS = List.of("probe", "replay", "camera", "recording", "report", "vision",
      "inference", "topology", "ops", "cli");

  @Test
  void noPackageImportsALaterLayerAndEveryPackageHasItsPlace() {
    PackageLayers.assertLayered("io.ebmperception.stream", LAYERS);
  }
}
