package io.ebmperception.stream.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ebmperception.schemas.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionReportTest {
  private static Prediction prediction(long seq, List<Float> mean, List<Float> cov, List<Float> label) {
    return Prediction.newBuilder().setCameraId("cam").setSequence(seq)
        .setCaptureTimestampMs(Instant.ofEpochMilli(1000)).setEmitTimestampMs(Instant.ofEpochMilli(1000 + 10 * seq))
        .setModelName("m").setModelVersion("1").setTargetDim(mean.size()).setMean(mean)
        .setCovariance(cov).setHypotheses(List.of()).setEffectiveSampleSize(100 + seq).setLogPartition(0)
        .setSamples(1024).setLabel(label).setLatencyMs(Map.of("total", 2.0 + seq)).build();
  }

  @Test
  void theSummaryNamesTheDimensionsAndTheirUnitWhereThePredictionsCarryThem() {
    List<Prediction> all = new java.util.ArrayList<>();
    for (long s = 1; s <= 2; s++) {
      Prediction p = prediction(s, List.of(0f, 0f), List.of(1f, 0f, 0f, 1f), List.of(1f, 3f));
      p.setTargetNames(List.of("yaw", "pitch"));
      p.setTargetUnits(List.of("deg", "deg"));
      all.add(p);
    }
    assertThat(PredictionReport.of(all).format()).contains("MAE: 2.000 deg (yaw 1.0 / pitch 3.0), always predicting "
        + "the mean label: yaw 0.0 / pitch 0.0");
  }

  @Test
  void scoresEachDimensionAndTheirAverage() {
    // D = 2, unit variances: errors (1, 3) and (0, -1)
    List<Prediction> all = List.of(
        prediction(1, List.of(0f, 0f), List.of(1f, 0f, 0f, 1f), List.of(1f, 3f)),
        prediction(2, List.of(5f, 5f), List.of(1f, 0f, 0f, 1f), List.of(5f, 4f)),
        prediction(3, List.of(0f, 0f), List.of(1f, 0f, 0f, 1f), null));
    PredictionReport r = PredictionReport.of(all);
    assertThat(r.predictions()).isEqualTo(3);
    assertThat(r.labelled()).isEqualTo(2);
    assertThat(r.maePerDimension()).containsExactly(0.5, 2.0);
    assertThat(r.mae()).isEqualTo(1.25);
    // NLL per labelled prediction: sum over dims of 0.5 (log 2π + e²)
    double expected = (0.5 * (2 * Math.log(2 * Math.PI) + 1 + 9) + 0.5 * (2 * Math.log(2 * Math.PI) + 0 + 1)) / 2;
    assertThat(r.gaussianNll()).isCloseTo(expected, within(1e-9));
    assertThat(r.coverage90()).isEqualTo(0.75); // |3| > 1.645 only
    // labels (1, 3) and (5, 4): their means (3, 3.5) miss each by (2, 0.5)
    assertThat(r.meanLabelMae()).containsExactly(2.0, 0.5);
    assertThat(r.format()).contains("MAE: 1.250 (per dimension 0.5 / 2.0), always predicting the mean label: 2.0 / 0.5",
        "90% interval coverage: 75.0%");
  }

  @Test
  void aRunWithoutLabelsSaysSoAndKeepsWhatNeedsNone() {
    List<Prediction> all = List.of(prediction(1, List.of(0f), List.of(1f), null),
        prediction(2, List.of(1f), List.of(1f), null));
    String text = PredictionReport.of(all).format();
    assertThat(text).contains("predictions: 2, none with labels", "ESS p5 / p50 / p95", "app latency ms")
        .doesNotContain("NaN").doesNotContain("MAE");
  }
}
