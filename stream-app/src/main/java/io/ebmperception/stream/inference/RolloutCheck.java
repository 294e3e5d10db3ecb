package io.ebmperception.stream.inference;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a new bundle may replace the one serving, judged from the two manifests before any
 * graph is loaded: the same task, the same D and target names (every subscriber reads the
 * predictions by them), and an input the frames of the served task can be fed to (the same layout
 * and channels; the image size may change, frames are resized to it) with a usable normalisation.
 * A bundle for another task would otherwise be swapped in and dead-letter every frame as
 * {@code WRONG_TASK}.
 */
public final class RolloutCheck {
  private RolloutCheck() {}

  /** Why {@code candidate} must not replace {@code serving}, or empty when it may. */
  public static Optional<String> refusal(Manifest serving, Manifest candidate) {
    if (!serving.task().equals(candidate.task())) {
      return Optional.of("it is for task '" + candidate.task() + "', the app serves '" + serving.task() + "'");
    }
    if (serving.targetDim() != candidate.targetDim()) {
      return Optional.of("it predicts D = " + candidate.targetDim() + " targets, the served model " + serving.targetDim());
    }
    if (serving.target() != null && candidate.target() != null
        && !serving.target().names().equals(candidate.target().names())) {
      return Optional.of("its targets are " + candidate.target().names() + ", the served model's "
          + serving.target().names());
    }
    Manifest.InputSpec was = serving.input();
    Manifest.InputSpec in = candidate.input();
    if (!was.layout().equals(in.layout()) || was.shape().length != in.shape().length
        || (was.shape().length == 3 && was.shape()[0] != in.shape()[0])) {
      return Optional.of("its input is " + in.layout() + " " + Arrays.toString(in.shape()) + ", the served model's "
          + was.layout() + " " + Arrays.toString(was.shape()));
    }
    if ("vector".equals(in.layout()) && !Arrays.equals(was.shape(), in.shape())) {
      return Optional.of("its input vector has shape " + Arrays.toString(in.shape()) + ", the served model's "
          + Arrays.toString(was.shape()));
    }
    return normalisationProblem(in);
  }

  private static Optional<String> normalisationProblem(Manifest.InputSpec in) {
    int channels = in.shape().length == 3 ? (int) in.shape()[0] : 1;
    if (!Float.isFinite(in.scale()) || in.scale() == 0f) {
      return Optional.of("its input scale is " + in.scale());
    }
    if (in.mean().length != 0 && in.mean().length != channels
        || in.std().length != 0 && in.std().length != channels) {
      return Optional.of("its normalisation has " + in.mean().length + " means and " + in.std().length
          + " standard deviations for " + channels + " channel(s)");
    }
    for (float s : in.std()) {
      if (!Float.isFinite(s) || s == 0f) {
        return Optional.of("its normalisation divides by " + s);
      }
    }
    for (float m : in.mean()) {
      if (!Float.isFinite(m)) {
        return Optional.of("its normalisation subtracts " + m);
      }
    }
    return Optional.empty();
  }
}
