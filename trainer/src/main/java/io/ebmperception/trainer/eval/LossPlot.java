package io.ebmperception.trainer.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The training-loss curve (mean loss per epoch) as a PNG, drawn with XChart. */
public final class LossPlot {
  private LossPlot() {}

  public static void write(Path file, String title, List<Double> epochLosses) {
    XYChart chart = new XYChartBuilder().width(640).height(400).title(title)
        .xAxisTitle("epoch").yAxisTitle("mean training loss").build();
    chart.getStyler().setLegendVisible(false);
    List<Integer> epochs = IntStream.rangeClosed(1, epochLosses.size()).boxed().toList();
    chart.addSeries("loss", epochs, epochLosses).setMarker(SeriesMarkers.NONE);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
