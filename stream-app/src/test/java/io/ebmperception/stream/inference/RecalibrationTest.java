package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.schemas.sampling.TemperatureScaling;
import io.ebmperception.stream.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecalibrationTest {
  private static final int M = 512;

  /** A copy of the test bundle served at temperature {@code t}. */
  static Path tempered(Path dir, double t) throws IOException {
    ModelBundle source = TestBundles.steering16();
    Files.createDirectories(dir);
    for (String role : source.manifest().graphs().keySet()) {
      Path graph = BundleLayout.graph(source.dir(), source.manifest(), role);
      Files.copy(graph, dir.resolve(graph.getFileName()));
    }
    Manifest.CalibrationSpec spec = new Manifest.CalibrationSpec(t, "test", 0, M, 0, 0, new float[0], new float[0],
        null);
    BundleLayout.writeManifest(source.manifest().withCalibration(spec, "tempered"), dir);
    return dir;
  }

  private static float[] inputs(int n, int size, long seed) {
    Random random = new Random(seed);
    float[] out = new float[n * size];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  @Test
  void theServedTemperatureWidensTheSpreadAndLeavesTheTrustSignalsAlone(@TempDir Path dir) throws IOException {
    try (OnnxModel raw = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
        OnnxModel hot = new OnnxModel(ModelBundle.load(tempered(dir, 3.0)), ExecutionProvider.CPU, 1)) {
      int size = raw.bundle().inputSize();
      float[] x = inputs(4, size, 1);
      List<SampleNoise> noise = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        noise.add(FrameNoise.of("cam", i, M, 1, 8));
      }
      List<ImportanceSampler.Timed> cold = new ImportanceSampler(raw, M, 8).predict(x, noise);
      List<ImportanceSampler.Timed> warm = new ImportanceSampler(hot, M, 8).predict(x, noise);
      for (int i = 0; i < 4; i++) {
        assertThat(warm.get(i).prediction().covariance()[0]).isGreaterThan(cold.get(i).prediction().covariance()[0]);
        assertThat(warm.get(i).trained().logPartition()).isCloseTo(cold.get(i).trained().logPartition(), within(1e-6));
        assertThat(warm.get(i).trained().effectiveSampleSize())
            .isCloseTo(cold.get(i).trained().effectiveSampleSize(), within(1e-6));
        // at T = 1 the verdict's signals are the prediction's own
        assertThat(cold.get(i).trained().logPartition()).isCloseTo(cold.get(i).prediction().logPartition(), within(1e-6));
      }
    }
  }

  @Test
  void labelsDrawnFromATemperedModelRecoverItsTemperature(@TempDir Path dir) throws IOException {
    int n = 200;
    try (OnnxModel raw = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
        OnnxModel hot = new OnnxModel(ModelBundle.load(tempered(dir, 2.0)), ExecutionProvider.CPU, 1)) {
      int size = raw.bundle().inputSize();
      float[] x = inputs(n, size, 2);
      float[] labels = new float[n];
      ImportanceSampler sampler = new ImportanceSampler(hot, 4096, 1);
      for (int i = 0; i < n; i++) {
        float[] one = java.util.Arrays.copyOfRange(x, i * size, (i + 1) * size);
        labels[i] = sampler.predict(one, List.of(FrameNoise.of("labels", i, 4096, 1, 1))).get(0).prediction()
            .hypotheses()[0];
      }
      TemperatureScaling.Evidence evidence = new Recalibration(raw, M).evidence(x, labels, done -> { });
      assertThat(evidence.inputs()).isEqualTo(n);
      TemperatureScaling.Fit fit = TemperatureScaling.fit(evidence);
      assertThat(fit.temperature()).isCloseTo(2.0, within(0.6));
      assertThat(fit.nllAfter()).isLessThan(fit.nllBefore());
    }
  }

  @Test
  void untrustedInputsAreLeftOutOfTheFitUnlessAskedFor() {
    // three inputs, M = 2, D = 1; the middle one untrusted
    TemperatureScaling.Evidence all = new TemperatureScaling.Evidence(2, 1, new float[] {1, 2, 3},
        new float[] {10, 11, 20, 21, 30, 31}, new float[] {-1, -1, -2, -2, -3, -3}, new float[] {0, 1, 2, 3, 4, 5},
        new float[] {7, 8, 9});
    Recalibration.Gathered gathered = new Recalibration.Gathered(all, new boolean[] {true, false, true});
    assertThat(gathered.untrusted()).isEqualTo(1);
    assertThat(gathered.evidence(true)).isSameAs(all);
    TemperatureScaling.Evidence kept = gathered.evidence(false);
    assertThat(kept.trueEnergies()).containsExactly(1, 3);
    assertThat(kept.energies()).containsExactly(10, 11, 30, 31);
    assertThat(kept.logProposal()).containsExactly(-1, -1, -3, -3);
    assertThat(kept.draws()).containsExactly(0, 1, 4, 5);
    assertThat(kept.targets()).containsExactly(7, 9);
  }
}
