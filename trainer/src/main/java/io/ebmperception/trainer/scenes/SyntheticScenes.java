package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.vision.FrameCodec;
import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.vision.ImagePath;
import io.ebmperception.vision.Preprocessor;
import io.ebmperception.vision.RgbImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The project's two synthetic camera tasks, as independent samples (datasets) and as smooth
 * sequences (recordings: a drive, a turning head) at any resolution.
 */
public enum SyntheticScenes {
  /** {@link RoadScenes}: steering angle in degrees, D = 1. */
  ROADS("roads", "steering", List.of("steering_deg"), List.of("deg")),
  /** {@link HeadScenes}: yaw, pitch and roll in degrees, D = 3. */
  HEADS("heads", "headpose", List.of("yaw", "pitch", "roll"), List.of("deg", "deg", "deg"));

  private final String id;
  private final String task;
  private final List<String> targetNames;
  private final List<String> targetUnits;

  SyntheticScenes(String id, String task, List<String> targetNames, List<String> targetUnits) {
    this.id = id;
    this.task = task;
    this.targetNames = targetNames;
    this.targetUnits = targetUnits;
  }

  /** The scenes whose models serve {@code task} ({@code steering}, {@code headpose}), if any. */
  public static java.util.Optional<SyntheticScenes> forTask(String task) {
    return java.util.Arrays.stream(values()).filter(s -> s.task.equals(task)).findFirst();
  }

  /** The unit of each target dimension. */
  public List<String> targetUnits() {
    return targetUnits;
  }

  /** One rendered image and its target. */
  public record Sample(BufferedImage image, float[] target) {}

  /** The scenes called {@code id} ({@code roads} or {@code heads}). */
  public static SyntheticScenes of(String id) {
    for (SyntheticScenes s : values()) {
      if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scene '" + id + "'; available: roads, heads");
  }

  public String id() {
    return id;
  }

  /** The task name models trained on these scenes carry (and frames of their recordings). */
  public String task() {
    return task;
  }

  /** Names of the target dimensions, as in label CSVs. */
  public List<String> targetNames() {
    return targetNames;
  }

  /** An independent random sample, as in the training sets. */
  public Sample sample(SplittableRandom rng, int width, int height) {
    return switch (this) {
      case ROADS -> {
        float angle = (float) ((rng.nextDouble() * 2 - 1) * RoadScenes.MAX_ANGLE);
        RoadScenes.Style style = RoadScenes.Style.random(rng);
        BufferedImage image = RoadScenes.render(width, height, angle, style);
        yield new Sample(image, new float[] {style.fork() && rng.nextBoolean() ? -angle : angle});
      }
      case HEADS -> {
        float[] pose = HeadScenes.randomPose(rng);
        BufferedImage image = HeadScenes.render(width, height, pose[0], pose[1], pose[2],
            HeadScenes.Subject.random(rng), HeadScenes.Scene.random(rng));
        yield new Sample(image, pose);
      }
    };
  }

  /**
   * A smooth recording drawn from {@code seed}: frame i of a drive whose steering angle sways like
   * a real one, with forks now and then, or of one subject turning, nodding and tilting the head.
   */
  public IntFunction<Sample> sequence(long seed, int width, int height) {
    SplittableRandom rng = new SplittableRandom(seed);
    double phase = rng.nextDouble() * 2 * Math.PI;
    return switch (this) {
      case ROADS -> {
        RoadScenes.Style base = RoadScenes.Style.random(rng);
        yield i -> {
          float angle = (float) (20 * Math.sin(2 * Math.PI * i / 120 + phase) + 6 * Math.sin(2 * Math.PI * i / 37));
          boolean fork = i % 90 >= 70;
          float light = (float) (base.light() * (0.9 + 0.1 * Math.sin(2 * Math.PI * i / 200)));
          RoadScenes.Style style = new RoadScenes.Style(light, base.grassTone(), base.clutter(),
              base.detailSeed() + i / 30, fork);
          return new Sample(RoadScenes.render(width, height, angle, style),
              new float[] {fork ? Math.abs(angle) : angle});
        };
      }
      case HEADS -> {
        HeadScenes.Subject subject = HeadScenes.Subject.random(rng);
        HeadScenes.Scene scene = HeadScenes.Scene.random(rng);
        yield i -> {
          float yaw = (float) (60 * Math.sin(2 * Math.PI * i / 150 + phase));
          float pitch = (float) (25 * Math.sin(2 * Math.PI * i / 97 + 2 * phase));
          float roll = (float) (15 * Math.sin(2 * Math.PI * i / 71));
          return new Sample(HeadScenes.render(width, height, yaw, pitch, roll, subject, scene),
              new float[] {yaw, pitch, roll});
        };
      }
    };
  }

  /**
   * A dataset of {@code size} independent samples for a model of {@code side × side} pixels, as
   * a deployment serves them ({@link CameraViews#servedAt}): rendered at several sizes, sent
   * through the codecs frames travel through and reduced by the app's own image path, normalised
   * with {@link ImageNormalisation#IMAGENET}.
   */
  public RegressionDataset dataset(int size, int side, long seed) {
    return dataset(size, side, seed, CameraViews.servedAt(side));
  }

  /**
   * A dataset of {@code size} independent samples for a model of {@code side × side} pixels, each
   * rendered and encoded as {@code views} draws, then turned into the model's input by the app's
   * {@link ImagePath}.
   */
  public RegressionDataset dataset(int size, int side, long seed, CameraViews views) {
    SplittableRandom rng = new SplittableRandom(seed);
    int d = targetNames.size();
    int plane = side * side;
    float[] inputs = new float[size * 3 * plane];
    float[] labels = new float[size * d];
    ImagePath path = new ImagePath(new Preprocessor(side, side, ImageNormalisation.IMAGENET), true);
    Map<Integer, List<Integer>> mpeg4BySide = new TreeMap<>();
    List<RgbImage> rendered = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      CameraViews.View view = views.draw(rng);
      Sample s = sample(rng, view.side(), view.side());
      System.arraycopy(s.target(), 0, labels, i * d, d);
      RgbImage image = RgbImage.of(s.image());
      rendered.add(null);
      switch (view.codec()) {
        case LOSSLESS -> path.input(image, FrameCodec.LOSSLESS, inputs, i * 3 * plane);
        case JPEG -> path.input(image, FrameCodec.RECORDING_JPEG, inputs, i * 3 * plane);
        case MPEG4 -> {
          rendered.set(i, image);
          mpeg4BySide.computeIfAbsent(view.side(), k -> new ArrayList<>()).add(i);
        }
      }
    }
    for (List<Integer> indices : mpeg4BySide.values()) {
      List<RgbImage> decoded = Mpeg4Roundtrip.of(indices.stream().map(rendered::get).toList());
      for (int k = 0; k < indices.size(); k++) {
        path.input(decoded.get(k), FrameCodec.RECORDING_JPEG, inputs, indices.get(k) * 3 * plane);
      }
    }
    return new RegressionDataset(id + "-" + side + "px-" + size + "-seed" + seed, inputs,
        new long[] {3, side, side}, labels, d, List.of("image"), targetNames);
  }
}
