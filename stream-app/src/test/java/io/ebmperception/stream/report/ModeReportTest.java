package io.ebmperception.stream.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebmperception.schemas.Mode;
import io.ebmperception.schemas.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeReportTest {
  private static Prediction fork(long seq, float label, List<Mode> modes) {
    return Prediction.newBuilder().setCameraId("cam").setSequence(seq)
        .setCaptureTimestampMs(Instant.ofEpochMilli(0)).setEmitTimestampMs(Instant.ofEpochMilli(0))
        .setModelName("m").setModelVersion("1").setTargetDim(1).setMean(List.of(1f)).setCovariance(List.of(100f))
        .setHypotheses(List.of()).setEffectiveSampleSize(100).setLogPartition(0).setSamples(1024)
        .setLabel(List.of(label)).setLatencyMs(Map.of()).setModes(modes).build();
  }

  private static Mode mode(double weight, float mean, float variance) {
    return new Mode(weight, List.of(mean), List.of(variance));
  }

  @Test
  void theNearestModeScoresWhereTheMeanSitsBetweenTheBranches() {
    // Two forks: branches at -10 and +12, the mean (1) between them with σ 10.
    List<Prediction> all = List.of(
        fork(1, 12.5f, List.of(mode(0.55, -10, 1), mode(0.45, 12, 1))),
        fork(2, -14f, List.of(mode(0.6, -10, 1), mode(0.4, 12, 1))),
        fork(3, 12f, List.of()));
    ModeReport r = ModeReport.of(all);
    assertThat(r.scored()).isEqualTo(2);
    assertThat(r.meanModes()).isEqualTo(2.0);
    assertThat(r.multiModal()).isEqualTo(1.0);
    assertThat(r.meanMae()).isCloseTo((11.5 + 15) / 2, within(1e-6));
    assertThat(r.bestModeMae()).isCloseTo((0.5 + 4) / 2, within(1e-6));
    assertThat(r.heaviestModeMae()).isCloseTo((22.5 + 4) / 2, within(1e-6));
    // 12.5 is within 2σ of the +12 mode; -14 is 4σ from -10; both are within 2σ = 20 of the mean 1.
    assertThat(r.modeRecall()).isEqualTo(0.5);
    assertThat(r.meanRecall()).isEqualTo(1.0);
    assertThat(r.format()).contains("best mode 2.250", "(mode recall) 50.0%");
  }

  @Test
  void predictionsWithoutModesLeaveNothingToScore() {
    ModeReport r = ModeReport.of(List.of(fork(1, 0f, List.of())));
    assertThat(r.scored()).isZero();
    assertThat(r.format()).contains("none in these predictions");
  }

  @Test
  void aLiveCameraWithoutLabelsStillReportsItsModes() {
    Prediction unlabelled = Prediction.newBuilder(fork(1, 0f, List.of(mode(0.55, -10, 1), mode(0.45, 12, 1))))
        .setLabel(null).build();
    ModeReport r = ModeReport.of(List.of(unlabelled, Prediction.newBuilder(unlabelled).setSequence(2).build()));
    assertThat(r.withModes()).isEqualTo(2);
    assertThat(r.scored()).isZero();
    assertThat(r.format()).contains("modes: 2.00 per prediction, 100.0% with two or more (no labels")
        .doesNotContain("NaN").doesNotContain("none in these predictions");
  }
}
