package io.ebmperception.stream.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.Mode;
import io.ebmperception.schemas.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UncertaintyFilterTest {
  private static Prediction prediction(double ess, float variance, int modes) {
    List<Mode> m = java.util.stream.IntStream.range(0, modes)
        .mapToObj(i -> new Mode(1.0 / modes, List.of((float) i), List.of(1f))).toList();
    return Prediction.newBuilder().setCameraId("c").setSequence(1).setCaptureTimestampMs(Instant.EPOCH)
        .setEmitTimestampMs(Instant.EPOCH).setModelName("m").setModelVersion("1").setTargetDim(1)
        .setMean(List.of(0f)).setCovariance(List.of(variance)).setHypotheses(List.of())
        .setEffectiveSampleSize(ess).setLogPartition(0).setSamples(1000).setLabel(null)
        .setLatencyMs(Map.of()).setModes(m).build();
  }

  @Test
  void eachCriterionFlagsItsOwnKindOfDoubt() {
    UncertaintyFilter filter = new UncertaintyFilter(0.1, 5.0, true);
    assertThat(filter.reasons(prediction(500, 4, 1))).isEmpty();
    assertThat(filter.reasons(prediction(50, 4, 1))).containsExactly("ess 0.050");
    assertThat(filter.reasons(prediction(500, 36, 1))).containsExactly("sigma 6.00");
    assertThat(filter.reasons(prediction(500, 4, 2))).containsExactly("2 modes");
    assertThat(filter.describe()).isEqualTo("ESS / M < 0.1 or σ > 5.0 or 2+ modes");
  }

  @Test
  void switchedOffCriteriaFlagNothing() {
    UncertaintyFilter none = new UncertaintyFilter(0, Double.NaN, false);
    assertThat(none.reasons(prediction(1, 1e6f, 3))).isEmpty();
    assertThat(UncertaintyFilter.defaults().reasons(prediction(50, 1, 1))).containsExactly("ess 0.050");
  }
}
