package io.ebmperception.trainer;

import io.ebmperception.testkit.PackageLayers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer's packages are layers in the order data flows (data → scenes → model → loss → train
 * → eval → export → run → cli): a package imports only from the layers before it, so that, for
 * instance, the losses know no training loop and the exporter knows no run folder.
 */
class PackageLayeringTest {
  private static final List<String> LAYERS = List.of("data", "scenes", "model", "loss", "train", "eval", "export", "run", "cli");

  @Test
  void noPackageImportsALaterLayerAndEveryPackageHasItsPlace() {
    PackageLayers.assertLayered("io.ebmperception.trainer", LAYERS);
  }
}
