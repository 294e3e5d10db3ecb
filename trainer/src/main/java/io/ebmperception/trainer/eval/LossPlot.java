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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training curve as a PNG, drawn with XChart: the mean training objective per epoch (left axis)
 * and, when the task has validation data, the validation NLL (right axis), the figure that should
 * fall. The NCE objective itself can rise while the model improves: as the proposal sharpens, its
 * noise samples get harder to tell from the data.
 */
public final class LossPlot {
  private LossPlot() {}

  /** The objective alone. */
  public static void write(Path file, String title, List<Double> epochLosses) {
    write(file, title, epochLosses, null, List.of());
  }

  /**
   * @param validationName name of the validation figure (null: none)
   * @param validation     its value per epoch, aligned with the last epochs of {@code epochLosses}
   */
  public static void write(Path file, String title, List<Double> epochLosses, String validationName,
      List<Double> validation) {
    XYChart chart = new XYChartBuilder().width(720).height(420).title(title)
        .xAxisTitle("epoch").yAxisTitle("mean training objective").build();
    List<Integer> epochs = IntStream.rangeClosed(1, epochLosses.size()).boxed().toList();
    chart.addSeries("training objective", epochs, epochLosses).setMarker(SeriesMarkers.NONE);
    chart.getStyler().setLegendVisible(validationName != null && !validation.isEmpty());
    if (validationName != null && !validation.isEmpty()) {
      int first = epochLosses.size() - validation.size() + 1;
      List<Integer> validationEpochs = IntStream.rangeClosed(first, epochLosses.size()).boxed().toList();
      chart.addSeries(validationName.replace('_', ' ') + " (right axis)", validationEpochs, validation)
          .setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, validationName.replace('_', ' '));
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
