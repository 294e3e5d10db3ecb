package io.ebmperception.stream.topology;

import io.ebmperception.schemas.DeadLetterReason;

/**
 * What the {@link FramePipeline} reports about each frame, for whoever measures it (the app's
 * metrics implement it; every method does nothing unless overridden, so {@code new
 * PipelineObserver() {}} ignores everything). An interface here keeps the pipeline free of any metrics library and
 * the packages layered: {@code topology} does not import {@code ops}.
 */
public interface PipelineObserver {
  /** A frame was predicted by the model of {@code task} with this effective sample size. */
  default void predicted(String task, double effectiveSampleSize) {}

  /** A stage of a frame predicted by the model of {@code task} (decode, preprocess, queue, …, total) took this long. */
  default void stage(String task, String name, double millis) {}

  /** A record went to the dead letters for this reason. */
  default void deadLetter(DeadLetterReason reason) {}

  /** A prediction for {@code cameraId} carries the verdict untrusted (the input looks foreign to the model). */
  default void untrusted(String cameraId) {}

  /** A frame of {@code cameraId} was older than the frames' maximum age when its turn came (a STALE dead letter). */
  default void stale(String cameraId) {}

  /** A frame could not be read while the schema registry was away; it is kept and tried again. */
  default void deferred() {}
}
