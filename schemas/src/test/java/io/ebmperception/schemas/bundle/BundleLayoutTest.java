package io.ebmperception.schemas.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleLayoutTest {
  private static Manifest.Builder steering() {
    return Manifest.builder().name("steering-nce+kl").version("20261201T120000").task("steering")
        .method("nce+kl").dimensions(1, 4).parts(true, true).projectionWidth(32)
        .input(new Manifest.InputSpec(new long[] {3, 16, 16}, "chw-rgb", 1 / 255f, new float[] {0.5f, 0.5f, 0.5f},
            new float[] {0.25f, 0.25f, 0.25f}))
        .target(new Manifest.TargetSpec(List.of("angle"), new float[] {-40}, new float[] {40}, 4096))
        .architecture(new Manifest.ArchitectureSpec(new int[] {128}, new int[] {16, 32}, 32, false, 32, "JOINT", "mlp"))
        .metrics(Map.of("test_nll_ebm", 1.25)).training(new Manifest.TrainingSpec(8, 32, 256, 1e-3, new float[] {1, 8}, 3000, null, false, false, 0, 0,
            null, null, 1, 0)).seed(7)
        .createdAt(Instant.parse("2026-12-01T12:00:00Z"));
  }

  @Test
  void aBuiltManifestIsWrittenAndReadBackWithItsGraphs(@TempDir Path dir) {
    Manifest written = steering().build();
    assertThat(written.format()).isEqualTo(Manifest.FORMAT);
    assertThat(written.graphs()).containsEntry("input", BundleLayout.INPUT_GRAPH)
        .containsEntry("energy", BundleLayout.ENERGY_GRAPH);
    BundleLayout.writeManifest(written, dir);
    assertThat(BundleLayout.isBundle(dir)).isTrue();
    Manifest read = BundleLayout.readManifest(dir);
    assertThat(read.name()).isEqualTo(written.name());
    assertThat(read.version()).isEqualTo("20261201T120000");
    assertThat(read.input().shape()).containsExactly(3, 16, 16);
    assertThat(read.metrics()).containsEntry("test_nll_ebm", 1.25);
    assertThat(read.createdAt()).isEqualTo("2026-12-01T12:00:00Z");
    assertThat(read.training().samples()).isEqualTo(256);
    assertThat(read.training().noiseSigmas()).containsExactly(1f, 8f);
    assertThat(BundleLayout.graph(dir, read, BundleLayout.ENERGY_ROLE)).isEqualTo(dir.resolve("energy.onnx"));
  }

  @Test
  void anMdnOnlyManifestHasNoEnergyGraph() {
    Manifest mdn = steering().parts(false, true).build();
    assertThat(mdn.graphs()).containsOnlyKeys("input");
    assertThat(mdn.hasEnergy()).isFalse();
  }

  @Test
  void fieldsANewerWriterAddsAreIgnoredAndTheVersionReadsAlone(@TempDir Path dir) throws Exception {
    BundleLayout.writeManifest(steering().build(), dir);
    String json = Files.readString(BundleLayout.manifestFile(dir));
    Files.writeString(BundleLayout.manifestFile(dir), json.replaceFirst("\\{", "{\"modes\": {\"max\": 3},"));
    assertThat(BundleLayout.readManifest(dir).task()).isEqualTo("steering");
    assertThat(BundleLayout.readVersion(dir)).contains("20261201T120000");
  }

  @Test
  void targetUnitsAreWrittenAndABundleWrittenBeforeThemReadsThemFromItsNames(@TempDir Path dir) throws Exception {
    BundleLayout.writeManifest(steering().target(new Manifest.TargetSpec(List.of("yaw", "pitch"),
        List.of("deg", "deg"), new float[2], new float[2], 8)).build(), dir);
    assertThat(BundleLayout.readManifest(dir).target().units()).containsExactly("deg", "deg");
    assertThat(BundleLayout.readManifest(dir).target().labels()).containsExactly("yaw (deg)", "pitch (deg)");
    String json = Files.readString(BundleLayout.manifestFile(dir));
    Files.writeString(BundleLayout.manifestFile(dir), json.replaceAll("\"units\"\\s*:\\s*\\[[^\\]]*\\],?", "")
        .replace("\"yaw\"", "\"yaw_deg\"").replace("\"pitch\"", "\"pitch_mm\""));
    assertThat(Files.readString(BundleLayout.manifestFile(dir))).doesNotContain("units");
    assertThat(BundleLayout.readManifest(dir).target().units()).containsExactly("deg", "mm");
    assertThat(Manifest.TargetSpec.unitOf("throttle")).isEmpty();
  }

  @Test
  void aFolderWithoutAManifestOrWithABrokenOneIsAOneLineError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> BundleLayout.readManifest(dir)).hasMessage(dir + " is not a model bundle (no manifest.json)");
    assertThat(BundleLayout.readVersion(dir)).isEmpty();
    Files.writeString(BundleLayout.manifestFile(dir), "{ not json");
    assertThatThrownBy(() -> BundleLayout.readManifest(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read " + BundleLayout.manifestFile(dir)).hasMessageNotContaining("\n");
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> Manifest.builder().name("x").build()).hasMessage("manifest needs a version");
    assertThatThrownBy(() -> steering().dimensions(0, 4).build()).hasMessageContaining("D >= 1");
  }
}
