package io.ebmperception.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated vector regression problems for choosing the defaults of a user's own data (the
 * paper's datasets 1 and 2 stay its benchmark and are not used for that). Each writes
 * {@code <name>-train.csv} (2,000 rows) and {@code <name>-test.csv} (1,000 rows) in units a user
 * might well have:
 *
 * <ul>
 *   <li>{@code sine}: x in [−3, 3], y = sin 2x + x/2 + 0.1 (1 + |x|) ε: one mode whose width
 *       grows with |x|.</li>
 *   <li>{@code branches}: x in [−2, 2], y = ±x² + 0.15 ε with either sign at random: two modes that
 *       meet at x = 0.</li>
 *   <li>{@code arm}: a two-link arm (links 300 mm and 200 mm): from the hand's position
 *       (x_mm, y_mm, ± 2 mm noise) to both joint angles in degrees; elbow up or down give two
 *       solutions, so p(angles | position) has two modes in D = 2.</li>
 * </ul>
 */
public final class VectorProblems {
  /** The names {@link #write} accepts. */
  public static final List<String> NAMES = List.of("sine", "branches", "arm");

  private VectorProblems() {}

  /** Writes every problem's train and test CSV into {@code dir}. */
  public static void writeAll(Path dir, long seed) {
    for (String name : NAMES) {
      write(dir, name, 2000, seed, "train");
      write(dir, name, 1000, seed + 1000, "test");
    }
  }

  private static void write(Path dir, String name, int n, long seed, String part) {
    Random r = new Random(seed * 31 + name.hashCode());
    StringBuilder csv = new StringBuilder(switch (name) {
      case "arm" -> "hand_x_mm,hand_y_mm,shoulder_deg,elbow_deg\n";
      default -> "x,y\n";
    });
    for (int i = 0; i < n; i++) {
      csv.append(row(name, r)).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + "-" + part + ".csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
  }

  private static String row(String name, Random r) {
    switch (name) {
      case "sine" -> {
        double x = -3 + 6 * r.nextDouble();
        double y = Math.sin(2 * x) + x / 2 + 0.1 * (1 + Math.abs(x)) * r.nextGaussian();
        return String.format(Locale.ROOT, "%.6f,%.6f", x, y);
      }
      case "branches" -> {
        double x = -2 + 4 * r.nextDouble();
        double y = (r.nextBoolean() ? 1 : -1) * x * x + 0.15 * r.nextGaussian();
        return String.format(Locale.ROOT, "%.6f,%.6f", x, y);
      }
      case "arm" -> {
        double shoulder = Math.toRadians(20 + 140 * r.nextDouble());
        double elbow = (r.nextBoolean() ? 1 : -1) * Math.toRadians(30 + 110 * r.nextDouble());
        double hx = 300 * Math.cos(shoulder) + 200 * Math.cos(shoulder + elbow) + 2 * r.nextGaussian();
        double hy = 300 * Math.sin(shoulder) + 200 * Math.sin(shoulder + elbow) + 2 * r.nextGaussian();
        return String.format(Locale.ROOT, "%.3f,%.3f,%.4f,%.4f", hx, hy, Math.toDegrees(shoulder),
            Math.toDegrees(elbow));
      }
      default -> throw new IllegalArgumentException("unknown problem '" + name + "'; choose one of " + NAMES);
    }
  }
}
