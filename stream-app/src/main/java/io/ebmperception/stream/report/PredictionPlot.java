package io.ebmperception.stream.report;

import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.bundle.Manifest;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of every target dimension over time, one panel each (head pose: yaw, pitch and roll):
 * the resampled hypotheses as pale orange dots, the modes as green diamonds whose shade says their
 * weight, the ±2σ band, the label in black, and the predicted mean as a dark blue line drawn over
 * all of them. The x axis is the frame number of a recording, or the seconds since the first frame
 * of a live camera (whose sequence numbers are epoch milliseconds).
 */
public final class PredictionPlot {
  /** Sequence numbers above this are a live camera's (they start at the epoch millisecond it opened). */
  private static final long LIVE_SEQUENCES = 1_000_000_000L;
  private static final Color MEAN = new Color(20, 50, 160);
  private static final Color BAND = new Color(120, 150, 230, 90);
  private static final Color HYPOTHESES = new Color(240, 150, 60, 70);
  private static final Color[] MODES = {new Color(0, 120, 40, 240), new Color(60, 170, 80, 170), new Color(140, 210, 150, 120)};
  private static final String[] MODE_NAMES = {"mode, weight ≥ 0.5", "mode, weight 0.2–0.5", "mode, weight < 0.2"};

  private PredictionPlot() {}

  /**
   * Writes {@code predictions} to {@code file}, one panel per dimension.
   *
   * @param axes each dimension's axis title ("yaw (deg)"); fewer than D: "target k" for the rest
   */
  public static void write(Path file, List<Prediction> predictions, List<String> axes) {
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("no predictions to plot");
    }
    List<Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(Comparator.comparingLong(Prediction::getSequence));
    int d = sorted.get(0).getTargetDim();
    List<XYChart> panels = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      panels.add(panel(sorted, k, k < axes.size() ? axes.get(k) : "target " + (k + 1), d));
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(panels, d, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The names and units the predictions carry, as axis titles ("yaw (deg)"); empty for records before version 4. */
  public static List<String> axes(List<Prediction> predictions) {
    if (predictions.isEmpty() || predictions.get(0).getTargetNames().isEmpty()) {
      return List.of();
    }
    Prediction p = predictions.get(0);
    return Manifest.TargetSpec.labels(p.getTargetNames(), p.getTargetUnits());
  }

  private static XYChart panel(List<Prediction> sorted, int dimension, String axis, int d) {
    boolean live = sorted.get(sorted.size() - 1).getSequence() > LIVE_SEQUENCES;
    long firstCapture = sorted.get(0).getCaptureTimestampMs().toEpochMilli();
    XYChart chart = new XYChartBuilder().width(1000).height(d == 1 ? 450 : 320).title(axis + " over time")
        .xAxisTitle(live ? "seconds since the first frame" : "frame").yAxisTitle(axis).build();
    List<Double> x = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    List<Double> sigma2 = new ArrayList<>();
    List<Double> hx = new ArrayList<>();
    List<Double> hy = new ArrayList<>();
    List<List<Double>> mx = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Double>> my = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Double> lx = new ArrayList<>();
    List<Double> ly = new ArrayList<>();
    for (Prediction p : sorted) {
      double s = live ? (p.getCaptureTimestampMs().toEpochMilli() - firstCapture) / 1000.0 : p.getSequence();
      x.add(s);
      mean.add((double) p.getMean().get(dimension));
      sigma2.add(2 * Math.sqrt(Math.max(0, p.getCovariance().get(dimension * d + dimension))));
      for (int h = dimension; h < p.getHypotheses().size(); h += d) {
        hx.add(s);
        hy.add((double) p.getHypotheses().get(h));
      }
      for (var mode : p.getModes()) {
        int bucket = mode.getWeight() >= 0.5 ? 0 : mode.getWeight() >= 0.2 ? 1 : 2;
        mx.get(bucket).add(s);
        my.get(bucket).add((double) mode.getMean().get(dimension));
      }
      if (p.getLabel() != null) {
        lx.add(s);
        ly.add((double) p.getLabel().get(dimension));
      }
    }
    if (!hx.isEmpty()) {
      chart.addSeries("hypotheses", hx, hy).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
          .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(HYPOTHESES);
    }
    XYSeries band = chart.addSeries("± 2σ", x, mean, sigma2);
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(BAND);
    chart.getStyler().setErrorBarsColor(BAND);
    for (int b = 0; b < 3; b++) {
      if (!mx.get(b).isEmpty()) {
        chart.addSeries(MODE_NAMES[b], mx.get(b), my.get(b)).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
            .setMarker(SeriesMarkers.DIAMOND).setMarkerColor(MODES[b]);
      }
    }
    if (!lx.isEmpty()) {
      chart.addSeries("label", lx, ly).setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK);
    }
    chart.addSeries("mean", x, mean).setMarker(SeriesMarkers.NONE).setLineColor(MEAN)
        .setLineWidth(2f); // last: drawn over the modes and hypotheses
    chart.getStyler().setMarkerSize(4);
    return chart;
  }
}
