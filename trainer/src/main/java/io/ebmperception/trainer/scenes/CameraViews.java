package io.ebmperception.trainer.scenes;

import io.ebmperception.vision.FrameCodec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How the training images of a synthetic task are made to look like what a deployment serves:
 * each scene is rendered at one of {@link #renderSides} (the model's own size and larger ones, as
 * cameras and recordings are) and reaches the model through one of the codecs frames travel
 * through, reduced to the input by the app's own image path. The model so never meets at serving
 * time pixels of a kind it has not trained on (a model trained on 32 px renderings only covered
 * 33.7% of labels with its 90% intervals on 64 px renderings of the same scenes).
 *
 * @param renderSides the render sizes, drawn uniformly
 * @param jpegShare   share of scenes sent as the recordings' JPEG ({@link FrameCodec#RECORDING_JPEG})
 * @param mpeg4Share  share sent through an MPEG-4 recording first (then JPEG, as replay does)
 */
public record CameraViews(int[] renderSides, double jpegShare, double mpeg4Share) {
  /** The largest side scenes are rendered at by default (the demo recordings' size). */
  public static final int MAX_RENDER_SIDE = 256;

  public CameraViews {
    renderSides = renderSides.clone();
    if (renderSides.length == 0 || Arrays.stream(renderSides).anyMatch(s -> s < 8)) {
      throw new IllegalArgumentException("render sides must be at least 8 px, got " + Arrays.toString(renderSides));
    }
    if (jpegShare < 0 || mpeg4Share < 0 || jpegShare + mpeg4Share > 1) {
      throw new IllegalArgumentException("codec shares must be in [0, 1] and sum to at most 1, got JPEG "
          + jpegShare + ", MPEG-4 " + mpeg4Share);
    }
  }

  /**
   * The default for a model of {@code side} px: rendered at 1, 2, 4 and 8 times its side up to
   * {@link #MAX_RENDER_SIDE} (at least its own side), half the scenes as the recordings' JPEG, a
   * quarter through an MPEG-4 recording and then JPEG, a quarter lossless.
   */
  public static CameraViews servedAt(int side) {
    int[] sides = java.util.stream.IntStream.of(side, 2 * side, 4 * side, 8 * side)
        .filter(s -> s == side || s <= MAX_RENDER_SIDE).toArray();
    return new CameraViews(sides, 0.5, 0.25);
  }

  /** Rendered at the model's own side and fed losslessly: how the scenes were made before. */
  public static CameraViews nativeOnly(int side) {
    return new CameraViews(new int[] {side}, 0, 0);
  }

  @Override
  public int[] renderSides() {
    return renderSides.clone();
  }

  /** One scene's view: its render side and codec. */
  public record View(int side, Codec codec) {}

  /** The codecs of {@link CameraViews}: those of {@link FrameCodec}, and an MPEG-4 recording before JPEG. */
  public enum Codec {
    LOSSLESS, JPEG, MPEG4
  }

  /** Draws one scene's view. */
  public View draw(SplittableRandom rng) {
    int side = renderSides[rng.nextInt(renderSides.length)];
    double u = rng.nextDouble();
    Codec codec = u < jpegShare ? Codec.JPEG : u < jpegShare + mpeg4Share ? Codec.MPEG4 : Codec.LOSSLESS;
    return new View(side, codec);
  }
}
