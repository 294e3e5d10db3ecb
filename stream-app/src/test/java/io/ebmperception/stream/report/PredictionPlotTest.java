package io.ebmperception.stream.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.CaptureClock;
import io.ebmperception.schemas.Prediction;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every dimension gets its panel, titled with its name and unit from the predictions. */
class PredictionPlotTest {

  private static Prediction headPose(long sequence) {
    return Prediction.newBuilder().setCameraId("cabin").setSequence(sequence)
        .setCaptureTimestampMs(Instant.ofEpochMilli(1_765_000_000_000L + sequence * 66))
        .setEmitTimestampMs(Instant.ofEpochMilli(1_765_000_000_100L + sequence * 66)).setModelName("m")
        .setModelVersion("1").setTargetDim(3).setMean(List.of(1f, 2f, 3f))
        .setCovariance(List.of(1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f)).setHypotheses(List.of(1f, 2f, 3f))
        .setEffectiveSampleSize(100).setLogPartition(0).setSamples(256).setLatencyMs(Map.of())
        .setTargetNames(List.of("yaw", "pitch", "roll")).setTargetUnits(List.of("deg", "deg", "deg"))
        .setCaptureClock(CaptureClock.STREAM).build();
  }

  @Test
  void aHeadPoseRunHasAPanelPerDimensionNamedWithItsUnit(@TempDir Path dir) throws Exception {
    List<Prediction> run = new ArrayList<>();
    for (long s = 0; s < 20; s++) {
      run.add(headPose(s));
    }
    assertThat(PredictionPlot.axes(run)).containsExactly("yaw (deg)", "pitch (deg)", "roll (deg)");
    Path png = dir.resolve("plot.png");
    PredictionPlot.write(png, run, PredictionPlot.axes(run));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getHeight()).isEqualTo(3 * 320);
    assertThat(image.getWidth()).isEqualTo(1000);
  }
}
