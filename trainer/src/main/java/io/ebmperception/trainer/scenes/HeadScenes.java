package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.RegressionDataset;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A procedural 3-D head rotated by yaw, pitch and roll, ray-cast per pixel: an ellipsoidal skull
 * with hair, eyes, brows, a mouth, a nose and two ears, lit by a directional light over a cluttered
 * background. Subjects differ in head shape, skin tone, hair colour and hairline; scenes differ in
 * light, background, head position and size.
 *
 * <p>Some subjects wear a plain hood that hides face, nose and hair. Their head is then a smooth,
 * nearly ellipsoidal shape whose outline is the same for (yaw, pitch) and (−yaw, −pitch): seen
 * from the front, a head turned up-left and one turned down-right cast the same silhouette (a
 * depth reversal), and only the shading of a light from the side tells them apart. p(y|x) has
 * two modes there, the head-pose counterpart of the forks of {@link RoadScenes}.
 *
 * <p>Angles are in degrees. In camera coordinates (x right, y up, z towards the camera) a head
 * point p is drawn at {@code Rz(roll) Rx(pitch) Ry(yaw) p}: positive yaw turns the face towards
 * the image's right, positive pitch raises it, positive roll tilts it anticlockwise.
 * Deterministic for a given seed, at any resolution.
 */
public final class HeadScenes {
  /** Share of hooded (ambiguous) subjects. */
  public static final double HOOD_PROBABILITY = 0.15;
  /** Half-ranges of the pose distribution of datasets: yaw, pitch, roll in degrees. */
  public static final float[] POSE_RANGE = {70f, 40f, 35f};

  private HeadScenes() {}

  /** Who is in front of the camera: everything that stays fixed while the head turns. */
  public record Subject(float width, float depth, float[] skin, float[] hair, float hairline,
      boolean hooded) {
    /** A random subject. */
    public static Subject random(SplittableRandom rng) {
      float tone = (float) rng.nextDouble();
      float[] skin = {0.95f - 0.55f * tone, 0.78f - 0.5f * tone, 0.65f - 0.45f * tone};
      float[][] hairs = {{0.1f, 0.07f, 0.05f}, {0.35f, 0.22f, 0.1f}, {0.75f, 0.6f, 0.35f},
          {0.6f, 0.6f, 0.6f}, {0.55f, 0.2f, 0.08f}};
      boolean hooded = rng.nextDouble() < HOOD_PROBABILITY;
      float[] hair = hooded ? new float[] {0.2f + 0.3f * (float) rng.nextDouble(), 0.25f, 0.35f}
          : hairs[rng.nextInt(hairs.length)];
      return new Subject((float) (0.72 + 0.12 * rng.nextDouble()), (float) (0.82 + 0.12 * rng.nextDouble()),
          skin, hair, (float) (0.25 + 0.35 * rng.nextDouble()), hooded);
    }
  }

  /** The camera's side of a scene: light, background, where the head sits and how big it is. */
  public record Scene(float[] light, float ambient, float[] background, int clutter, float centreX,
      float centreY, float scale, long detailSeed) {
    /** A random scene; the light comes mostly from the front. */
    public static Scene random(SplittableRandom rng) {
      double lx = rng.nextDouble() * 1.2 - 0.6;
      double ly = rng.nextDouble() * 0.8 - 0.2;
      double norm = Math.sqrt(lx * lx + ly * ly + 1);
      float[] bg = {(float) rng.nextDouble(), (float) rng.nextDouble(), (float) rng.nextDouble()};
      return new Scene(new float[] {(float) (lx / norm), (float) (ly / norm), (float) (1 / norm)},
          (float) (0.25 + 0.2 * rng.nextDouble()), bg, rng.nextInt(7),
          (float) (rng.nextDouble() * 0.16 - 0.08), (float) (rng.nextDouble() * 0.16 - 0.08),
          (float) (0.33 + 0.07 * rng.nextDouble()), rng.nextLong());
    }
  }

  /** Renders one image of {@code subject} at pose (yaw, pitch, roll) in degrees. */
  public static BufferedImage render(int width, int height, float yaw, float pitch, float roll,
      Subject subject, Scene scene) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    double[][] r = rotation(yaw, pitch, roll); // camera ← head
    double[] lightLocal = transposeTimes(r, scene.light());
    Body[] bodies = bodies(subject);
    float[][] clutter = clutter(scene);
    double unit = Math.min(width, height) * scene.scale();
    double[] dir = transposeTimes(r, new float[] {0f, 0f, -1f}); // orthographic: one direction
    for (int py = 0; py < height; py++) {
      for (int px = 0; px < width; px++) {
        double cx = (px + 0.5 - width * (0.5 + scene.centreX())) / unit;
        double cy = -(py + 0.5 - height * (0.5 + scene.centreY())) / unit;
        double[] origin = transposeTimes(r, new float[] {(float) cx, (float) cy, 5f});
        float[] rgb = shadeRay(origin, dir, bodies, lightLocal, subject, scene);
        if (rgb == null) {
          rgb = background(px / (float) width, py / (float) height, scene, clutter);
        }
        image.setRGB(px, py, pack(rgb));
      }
    }
    return image;
  }

  /**
   * A dataset of {@code size} images at {@code side × side} pixels with poses uniform in
   * ±{@link #POSE_RANGE}; see {@link SyntheticScenes#dataset}.
   */
  public static RegressionDataset dataset(int size, int side, long seed) {
    return SyntheticScenes.HEADS.dataset(size, side, seed);
  }

  /** A pose uniform in ±{@link #POSE_RANGE}. */
  public static float[] randomPose(SplittableRandom rng) {
    float[] pose = new float[3];
    for (int k = 0; k < 3; k++) {
      pose[k] = (float) ((rng.nextDouble() * 2 - 1) * POSE_RANGE[k]);
    }
    return pose;
  }

  /** An ellipsoid in head coordinates with what colours it. */
  private record Body(double[] centre, double[] radii, Part part) {}

  private enum Part { SKULL, NOSE, EAR }

  private static Body[] bodies(Subject s) {
    if (s.hooded()) { // centred on the pivot, so nothing but shading breaks the depth reversal
      return new Body[] {
          new Body(new double[] {0, 0, 0}, new double[] {s.width(), 1.0, s.depth()}, Part.SKULL),
          new Body(new double[] {-s.width() + 0.02, 0, 0}, new double[] {0.09, 0.22, 0.13}, Part.EAR),
          new Body(new double[] {s.width() - 0.02, 0, 0}, new double[] {0.09, 0.22, 0.13}, Part.EAR)};
    }
    Body skull = new Body(new double[] {0, 0.05, -0.05}, new double[] {s.width(), 1.0, s.depth()}, Part.SKULL);
    Body earL = new Body(new double[] {-s.width() + 0.02, 0, -0.08}, new double[] {0.09, 0.22, 0.13}, Part.EAR);
    Body earR = new Body(new double[] {s.width() - 0.02, 0, -0.08}, new double[] {0.09, 0.22, 0.13}, Part.EAR);
    Body nose = new Body(new double[] {0, -0.1, s.depth() - 0.08}, new double[] {0.11, 0.22, 0.2}, Part.NOSE);
    return new Body[] {skull, nose, earL, earR};
  }

  private static float[] shadeRay(double[] o, double[] d, Body[] bodies, double[] light,
      Subject subject, Scene scene) {
    double best = Double.POSITIVE_INFINITY;
    Body hit = null;
    for (Body b : bodies) {
      double t = intersect(o, d, b);
      if (t < best) {
        best = t;
        hit = b;
      }
    }
    if (hit == null) {
      return null;
    }
    double[] p = {o[0] + best * d[0], o[1] + best * d[1], o[2] + best * d[2]};
    double[] n = new double[3];
    double len = 0;
    for (int k = 0; k < 3; k++) {
      n[k] = (p[k] - hit.centre()[k]) / (hit.radii()[k] * hit.radii()[k]);
      len += n[k] * n[k];
    }
    len = Math.sqrt(len);
    double lambert = Math.max(0, (n[0] * light[0] + n[1] * light[1] + n[2] * light[2]) / len);
    float[] albedo = albedo(p, hit.part(), subject);
    double intensity = scene.ambient() + (1 - scene.ambient()) * lambert;
    return new float[] {(float) (albedo[0] * intensity), (float) (albedo[1] * intensity),
        (float) (albedo[2] * intensity)};
  }

  /** Surface colour at head point p. */
  private static float[] albedo(double[] p, Part part, Subject s) {
    if (s.hooded()) {
      return part == Part.EAR ? scale(s.hair(), 0.85f) : s.hair();
    }
    if (part != Part.SKULL) {
      return part == Part.EAR ? scale(s.skin(), 0.92f) : s.skin();
    }
    double x = p[0];
    double y = p[1];
    double z = p[2];
    boolean front = z > 0.25;
    if (y > s.hairline() + 0.25 * Math.abs(x) || (z < -0.15 && y > -0.35)) {
      return s.hair();
    }
    if (front) {
      double ex = Math.abs(x) - 0.3;
      double ey = y - 0.16;
      if ((ex * ex) / (0.13 * 0.13) + (ey * ey) / (0.065 * 0.065) < 1) {
        return ex * ex + ey * ey < 0.045 * 0.045 ? new float[] {0.12f, 0.08f, 0.06f}
            : new float[] {0.93f, 0.93f, 0.9f};
      }
      if (Math.abs(y - 0.31) < 0.035 && Math.abs(x) > 0.14 && Math.abs(x) < 0.46) {
        return scale(s.hair(), 0.9f);
      }
      if (Math.abs(y + 0.47) < 0.045 - 0.1 * x * x && Math.abs(x) < 0.24) {
        return new float[] {0.62f, 0.22f, 0.24f};
      }
    }
    return s.skin();
  }

  /** Nearest positive ray parameter where the ray meets the ellipsoid, or +∞. */
  private static double intersect(double[] o, double[] d, Body b) {
    double a = 0;
    double bq = 0;
    double c = -1;
    for (int k = 0; k < 3; k++) {
      double oo = (o[k] - b.centre()[k]) / b.radii()[k];
      double dd = d[k] / b.radii()[k];
      a += dd * dd;
      bq += 2 * oo * dd;
      c += oo * oo;
    }
    double disc = bq * bq - 4 * a * c;
    if (disc < 0) {
      return Double.POSITIVE_INFINITY;
    }
    double t = (-bq - Math.sqrt(disc)) / (2 * a);
    return t > 0 ? t : Double.POSITIVE_INFINITY;
  }

  private static float[][] clutter(Scene scene) {
    SplittableRandom rng = new SplittableRandom(scene.detailSeed());
    float[][] boxes = new float[scene.clutter()][];
    for (int i = 0; i < boxes.length; i++) {
      float x = (float) rng.nextDouble();
      float y = (float) rng.nextDouble();
      boxes[i] = new float[] {x, y, x + 0.1f + 0.3f * (float) rng.nextDouble(),
          y + 0.1f + 0.3f * (float) rng.nextDouble(), (float) rng.nextDouble(),
          (float) rng.nextDouble(), (float) rng.nextDouble()};
    }
    return boxes;
  }

  private static float[] background(float u, float v, Scene scene, float[][] clutter) {
    for (int i = clutter.length - 1; i >= 0; i--) {
      float[] b = clutter[i];
      if (u >= b[0] && u < b[2] && v >= b[1] && v < b[3]) {
        return new float[] {0.2f + 0.6f * b[4], 0.2f + 0.6f * b[5], 0.2f + 0.6f * b[6]};
      }
    }
    float shade = 0.55f + 0.45f * (1 - v);
    float[] bg = scene.background();
    return new float[] {bg[0] * shade, bg[1] * shade, bg[2] * shade};
  }

  /** {@code Rz(roll) Rx(pitch) Ry(yaw)}, angles in degrees. */
  static double[][] rotation(float yaw, float pitch, float roll) {
    double y = Math.toRadians(yaw);
    double p = Math.toRadians(pitch);
    double r = Math.toRadians(roll);
    double[][] ry = {{Math.cos(y), 0, Math.sin(y)}, {0, 1, 0}, {-Math.sin(y), 0, Math.cos(y)}};
    double[][] rx = {{1, 0, 0}, {0, Math.cos(p), -Math.sin(p)}, {0, Math.sin(p), Math.cos(p)}};
    double[][] rz = {{Math.cos(r), -Math.sin(r), 0}, {Math.sin(r), Math.cos(r), 0}, {0, 0, 1}};
    return times(rz, times(rx, ry));
  }

  private static double[][] times(double[][] a, double[][] b) {
    double[][] c = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  private static double[] transposeTimes(double[][] r, float[] v) {
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] = r[0][i] * v[0] + r[1][i] * v[1] + r[2][i] * v[2];
    }
    return out;
  }

  private static float[] scale(float[] c, float f) {
    return new float[] {c[0] * f, c[1] * f, c[2] * f};
  }

  private static int pack(float[] rgb) {
    int r = Math.max(0, Math.min(255, Math.round(rgb[0] * 255)));
    int g = Math.max(0, Math.min(255, Math.round(rgb[1] * 255)));
    int b = Math.max(0, Math.min(255, Math.round(rgb[2] * 255)));
    return (r << 16) | (g << 8) | b;
  }
}
