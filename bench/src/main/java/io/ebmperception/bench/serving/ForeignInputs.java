package io.ebmperception.bench.serving;

import io.ebmperception.trainer.scenes.SyntheticScenes;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Recordings of inputs a camera model was never meant for, rendered in Java so that the trust
 * benchmark needs nothing outside the build: a broadcast test pattern (colour bars with a moving
 * box and a counter, like FFmpeg's testsrc), uniform noise, a Mandelbrot zoom, flat frames of one
 * colour, a moving checkerboard, and the other synthetic task's camera.
 */
enum ForeignInputs {
  TEST_PATTERN("test pattern (colour bars, moving box)"),
  NOISE("uniform noise"),
  MANDELBROT("Mandelbrot zoom"),
  FLAT("flat frames of one colour"),
  CHECKERBOARD("moving checkerboard"),
  OTHER_TASK("the other task's camera");

  private final String description;

  ForeignInputs(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Frame i of this kind at {@code side} px, for a model of {@code task}'s scenes. */
  IntFunction<SyntheticScenes.Sample> frames(int side, SyntheticScenes task, float[] label) {
    SyntheticScenes other = task == SyntheticScenes.ROADS ? SyntheticScenes.HEADS : SyntheticScenes.ROADS;
    IntFunction<SyntheticScenes.Sample> otherCamera = other.sequence(21, side, side);
    return i -> new SyntheticScenes.Sample(switch (this) {
      case TEST_PATTERN -> testPattern(side, i);
      case NOISE -> noise(side, i);
      case MANDELBROT -> mandelbrot(side, i);
      case FLAT -> flat(side, i);
      case CHECKERBOARD -> checkerboard(side, i);
      case OTHER_TASK -> otherCamera.apply(i).image();
    }, label);
  }

  private static BufferedImage testPattern(int side, int i) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Color[] bars = {Color.WHITE, Color.YELLOW, Color.CYAN, Color.GREEN, Color.MAGENTA, Color.RED, Color.BLUE, Color.BLACK};
    for (int b = 0; b < bars.length; b++) {
      g.setColor(bars[b]);
      g.fillRect(b * side / bars.length, 0, side / bars.length + 1, side * 2 / 3);
    }
    for (int x = 0; x < side; x++) {
      int v = 255 * x / side;
      g.setColor(new Color(v, v, v));
      g.fillRect(x, side * 2 / 3, 1, side / 3);
    }
    g.setColor(Color.ORANGE);
    g.fillRect((i * 5) % side, side / 3, side / 8, side / 8);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(8, side / 10)));
    g.drawString(String.format("%04d", i), side / 20, side - side / 20);
    g.dispose();
    return image;
  }

  private static BufferedImage noise(int side, int i) {
    SplittableRandom rng = new SplittableRandom(1000 + i);
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        image.setRGB(x, y, rng.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static BufferedImage mandelbrot(int side, int i) {
    double zoom = Math.pow(0.97, i);
    double cx = -0.743643887037151;
    double cy = 0.13182590420533;
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double re = cx + (x - side / 2.0) / side * 3 * zoom;
        double im = cy + (y - side / 2.0) / side * 3 * zoom;
        double zr = 0;
        double zi = 0;
        int n = 0;
        while (n < 200 && zr * zr + zi * zi < 4) {
          double t = zr * zr - zi * zi + re;
          zi = 2 * zr * zi + im;
          zr = t;
          n++;
        }
        image.setRGB(x, y, n == 200 ? 0 : Color.HSBtoRGB(n / 60f, 0.8f, 1f));
      }
    }
    return image;
  }

  private static BufferedImage flat(int side, int i) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(new SplittableRandom(2000 + i / 10).nextInt(1 << 24)));
    g.fillRect(0, 0, side, side);
    g.dispose();
    return image;
  }

  private static BufferedImage checkerboard(int side, int i) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int cell = Math.max(2, side / 8);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        boolean dark = (((x + i) / cell) + (y / cell)) % 2 == 0;
        image.setRGB(x, y, dark ? 0x202020 : 0xE0E0E0);
      }
    }
    return image;
  }

  /** All kinds, in table order. */
  static List<ForeignInputs> all() {
    return List.of(values());
  }
}
