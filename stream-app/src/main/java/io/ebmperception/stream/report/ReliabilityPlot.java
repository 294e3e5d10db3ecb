package io.ebmperception.stream.report;

import io.ebmperception.schemas.sampling.CentralIntervals;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reliability picture of a run's predictions: for each target dimension, the share of labels
 * inside the EBM's central intervals against the intervals' level, with the diagonal a calibrated
 * model lies on. Below the diagonal the spreads are too narrow (overconfident), above too wide.
 */
public final class ReliabilityPlot {
  private ReliabilityPlot() {}

  /** The file beside {@code plot} this picture is written to: {@code x.png} → {@code x-reliability.png}. */
  public static Path beside(Path plot) {
    String name = plot.getFileName().toString().replaceFirst("\\.png$", "");
    return plot.resolveSibling(name + "-reliability.png");
  }

  /**
   * Writes the picture of {@code report}'s interval coverage, one line per dimension named by
   * {@code names} (missing names: dimension k); does nothing when the report has none.
   *
   * @return whether a picture was written
   */
  public static boolean write(Path file, PredictionReport report, List<String> names) {
    double[][] coverage = report.intervalCoverage();
    if (coverage.length == 0) {
      return false;
    }
    double[] levels = CentralIntervals.levels();
    XYChart chart = new XYChartBuilder().width(560).height(520).title("Calibration: labels inside the EBM's central intervals")
        .xAxisTitle("interval level").yAxisTitle("share of labels inside").build();
    chart.addSeries("calibrated", new double[] {0.4, 1}, new double[] {0.4, 1}).setMarker(SeriesMarkers.NONE)
        .setLineColor(Color.GRAY);
    Color[] colours = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189)};
    for (int k = 0; k < coverage[0].length; k++) {
      double[] y = new double[levels.length];
      for (int l = 0; l < levels.length; l++) {
        y[l] = coverage[l][k];
      }
      XYSeries series = chart.addSeries(k < names.size() ? names.get(k) : "dimension " + (k + 1), levels, y);
      series.setLineColor(colours[k % colours.length]);
      series.setMarkerColor(colours[k % colours.length]);
    }
    chart.getStyler().setXAxisMin(0.4).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return true;
  }
}
