package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.RegressionDataset;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A procedural road seen from a car: sky, ground, a road curving with the steering angle, dashed
 * lane marks, lighting, shadows and roadside clutter. Some scenes are forks where the road splits
 * left and right and either branch is a valid label, so p(y|x) is genuinely multimodal there.
 * Deterministic for a given seed, at any resolution.
 */
public final class RoadScenes {
  /** Steering angles are drawn from [-MAX_ANGLE, MAX_ANGLE] degrees. */
  public static final float MAX_ANGLE = 30f;
  /** Share of scenes that are forks. */
  public static final double FORK_PROBABILITY = 0.15;

  private RoadScenes() {}

  /** The look of one scene apart from the angle: everything the seed decides. */
  public record Style(float light, int grassTone, int clutter, long detailSeed, boolean fork) {
    /** A random style. */
    public static Style random(SplittableRandom rng) {
      return new Style((float) (0.65 + 0.5 * rng.nextDouble()), rng.nextInt(40),
          rng.nextInt(6), rng.nextLong(), rng.nextDouble() < FORK_PROBABILITY);
    }
  }

  /**
   * Renders a scene.
   *
   * @param angle steering angle in degrees (negative: left)
   */
  public static BufferedImage render(int width, int height, float angle, Style style) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    int horizon = (int) (height * 0.38);
    g.setPaint(new GradientPaint(0, 0, shade(new Color(90, 140, 215), style.light()), 0, horizon,
        shade(new Color(190, 215, 240), style.light())));
    g.fillRect(0, 0, width, horizon);
    g.setColor(shade(new Color(60 + style.grassTone(), 120 + style.grassTone(), 50), style.light()));
    g.fillRect(0, horizon, width, height - horizon);
    SplittableRandom detail = new SplittableRandom(style.detailSeed());
    for (int i = 0; i < style.clutter(); i++) {
      int x = detail.nextInt(width);
      int h = 2 + detail.nextInt(Math.max(3, height / 5));
      g.setColor(shade(new Color(40 + detail.nextInt(60), 80 + detail.nextInt(60), 40), style.light()));
      g.fillRect(x, horizon - h, Math.max(2, width / 20), h + 1);
    }
    if (style.fork()) {
      road(g, width, height, horizon, Math.abs(angle), style);
      road(g, width, height, horizon, -Math.abs(angle), style);
    } else {
      road(g, width, height, horizon, angle, style);
    }
    g.setColor(new Color(0, 0, 0, 60));
    for (int i = 0; i < 2; i++) {
      int w = width / 4 + detail.nextInt(width / 3);
      g.fillOval(detail.nextInt(width) - w / 2, horizon + detail.nextInt(Math.max(1, height - horizon)), w, w / 3);
    }
    g.dispose();
    return image;
  }

  private static void road(Graphics2D g, int width, int height, int horizon, float angle, Style style) {
    int steps = 24;
    double bend = angle / MAX_ANGLE * width * 0.55;
    int[] xs = new int[2 * (steps + 1)];
    int[] ys = new int[2 * (steps + 1)];
    double[] cx = new double[steps + 1];
    double[] cy = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      double t = (double) i / steps; // 0 at the bottom, 1 at the horizon
      cx[i] = width / 2.0 + bend * t * t;
      cy[i] = height - t * (height - horizon);
      double half = (1 - 0.85 * t) * width * 0.42;
      xs[i] = (int) Math.round(cx[i] - half);
      ys[i] = (int) Math.round(cy[i]);
      xs[2 * (steps + 1) - 1 - i] = (int) Math.round(cx[i] + half);
      ys[2 * (steps + 1) - 1 - i] = (int) Math.round(cy[i]);
    }
    g.setColor(shade(new Color(95, 95, 100), style.light()));
    g.fillPolygon(new Polygon(xs, ys, xs.length));
    g.setColor(shade(new Color(240, 235, 200), style.light()));
    g.setStroke(new BasicStroke(Math.max(1f, width / 64f)));
    for (int i = 0; i < steps; i += 2) {
      g.drawLine((int) cx[i], (int) cy[i], (int) cx[i + 1], (int) cy[i + 1]);
    }
  }

  private static Color shade(Color c, float light) {
    return new Color(Math.min(255, (int) (c.getRed() * light)), Math.min(255, (int) (c.getGreen() * light)),
        Math.min(255, (int) (c.getBlue() * light)));
  }

  /**
   * A dataset of {@code size} scenes at {@code side × side} pixels with angles uniform in
   * [-30, 30] degrees (in a fork the label is one of the two branches at random); see
   * {@link SyntheticScenes#dataset}.
   */
  public static RegressionDataset dataset(int size, int side, long seed) {
    return SyntheticScenes.ROADS.dataset(size, side, seed);
  }
}
