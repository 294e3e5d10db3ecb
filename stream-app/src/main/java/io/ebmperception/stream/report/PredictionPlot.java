package io.ebmperception.stream.report;

import io.ebmperception.schemas.Prediction;
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
 * A PNG of one target dimension over time: the predicted mean with a ±2σ band, the resampled
 * hypotheses as dots, the modes as diamonds whose colour says their weight, and the label, per
 * frame sequence number.
 */
public final class PredictionPlot {
  private PredictionPlot() {}

  public static void write(Path file, List<Prediction> predictions, int dimension, String name) {
    List<Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(Comparator.comparingLong(Prediction::getSequence));
    XYChart chart = new XYChartBuilder().width(1000).height(450).title(name + " over time")
        .xAxisTitle("frame").yAxisTitle(name).build();
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
      int d = p.getTargetDim();
      double s = p.getSequence();
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
    if (x.isEmpty()) {
      throw new IllegalArgumentException("no predictions to plot");
    }
    XYSeries band = chart.addSeries("mean ± 2σ", x, mean, sigma2);
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
    chart.getStyler().setErrorBarsColor(new java.awt.Color(120, 150, 230, 90));
    if (!hx.isEmpty()) {
      chart.addSeries("hypotheses", hx, hy).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
          .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new java.awt.Color(230, 120, 40, 60));
    }
    String[] names = {"mode, weight ≥ 0.5", "mode, weight 0.2–0.5", "mode, weight < 0.2"};
    java.awt.Color[] colours = {new java.awt.Color(20, 140, 60, 230), new java.awt.Color(20, 140, 60, 140),
        new java.awt.Color(20, 140, 60, 60)};
    for (int b = 0; b < 3; b++) {
      if (!mx.get(b).isEmpty()) {
        chart.addSeries(names[b], mx.get(b), my.get(b)).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
            .setMarker(SeriesMarkers.DIAMOND).setMarkerColor(colours[b]);
      }
    }
    if (!lx.isEmpty()) {
      chart.addSeries("label", lx, ly).setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.BLACK);
    }
    chart.getStyler().setMarkerSize(3);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
