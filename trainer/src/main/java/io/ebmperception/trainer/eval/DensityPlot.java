package io.ebmperception.trainer.eval;

import io.ebmperception.trainer.data.RegressionDataset;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A heat map of a conditional density p(y|x) over a 1-D x and a 1-D y, with the training data
 * drawn on top, like Figure 2 of the paper. Each column (one x) is scaled to its own maximum so
 * that narrow and wide conditionals are equally visible.
 */
public final class DensityPlot {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;
  private static final int MARGIN_LEFT = 60;
  private static final int MARGIN_BOTTOM = 50;
  private static final int MARGIN_TOP = 40;
  private static final int MARGIN_RIGHT = 20;
  private static final Color[] VIRIDIS = {
    new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
    new Color(94, 201, 98), new Color(253, 231, 37)
  };

  private DensityPlot() {}

  /**
   * Writes the plot as PNG.
   *
   * @param title       plot title
   * @param xs          x values of the columns
   * @param ys          y values of the rows (ascending)
   * @param logDensity  {@code [xs.length * ys.length]} log p(y|x), row-major by x
   * @param data        points to draw on top (may be null)
   */
  public static void write(Path file, String title, float[] xs, float[] ys, float[] logDensity,
      RegressionDataset data) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    int plotW = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    int plotH = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
    int nx = xs.length;
    int ny = ys.length;
    for (int i = 0; i < nx; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < ny; j++) {
        max = Math.max(max, logDensity[i * ny + j]);
      }
      int x0 = MARGIN_LEFT + i * plotW / nx;
      int x1 = MARGIN_LEFT + (i + 1) * plotW / nx;
      for (int j = 0; j < ny; j++) {
        double v = Math.exp(logDensity[i * ny + j] - max);
        int y1 = MARGIN_TOP + plotH - j * plotH / ny;
        int y0 = MARGIN_TOP + plotH - (j + 1) * plotH / ny;
        g.setColor(colour(v));
        g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
      }
    }
    if (data != null) {
      g.setColor(new Color(255, 255, 255, 110));
      for (int i = 0; i < data.size(); i++) {
        double px = MARGIN_LEFT + (data.input(i)[0] - xs[0]) / (xs[nx - 1] - xs[0]) * plotW;
        double py = MARGIN_TOP + plotH - (data.target(i)[0] - ys[0]) / (ys[ny - 1] - ys[0]) * plotH;
        if (px >= MARGIN_LEFT && px <= MARGIN_LEFT + plotW && py >= MARGIN_TOP && py <= MARGIN_TOP + plotH) {
          g.fillOval((int) px - 1, (int) py - 1, 3, 3);
        }
      }
    }
    axes(g, title, xs[0], xs[nx - 1], ys[0], ys[ny - 1], plotW, plotH);
    g.dispose();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void axes(Graphics2D g, String title, float xLo, float xHi, float yLo, float yHi,
      int plotW, int plotH) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(MARGIN_LEFT, MARGIN_TOP, plotW, plotH);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int t = 0; t <= 4; t++) {
      float xv = xLo + t * (xHi - xLo) / 4;
      int px = MARGIN_LEFT + t * plotW / 4;
      g.drawLine(px, MARGIN_TOP + plotH, px, MARGIN_TOP + plotH + 5);
      g.drawString(String.format("%.2f", xv), px - 14, MARGIN_TOP + plotH + 20);
      float yv = yLo + t * (yHi - yLo) / 4;
      int py = MARGIN_TOP + plotH - t * plotH / 4;
      g.drawLine(MARGIN_LEFT - 5, py, MARGIN_LEFT, py);
      g.drawString(String.format("%.2f", yv), 8, py + 4);
    }
    g.drawString("x", MARGIN_LEFT + plotW / 2, HEIGHT - 10);
    g.drawString("y", 20, MARGIN_TOP - 8);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, MARGIN_LEFT, MARGIN_TOP - 15);
  }

  /** Viridis-like colour of a value in [0, 1]. */
  static Color colour(double v) {
    double t = Math.max(0, Math.min(1, v)) * (VIRIDIS.length - 1);
    int i = Math.min((int) t, VIRIDIS.length - 2);
    double f = t - i;
    Color a = VIRIDIS[i];
    Color b = VIRIDIS[i + 1];
    return new Color(
        (int) (a.getRed() + f * (b.getRed() - a.getRed())),
        (int) (a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) (a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }
}
