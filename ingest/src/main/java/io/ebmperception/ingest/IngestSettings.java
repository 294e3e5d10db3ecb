package io.ebmperception.ingest;

import io.ebmperception.runtime.config.Config;
import io.ebmperception.runtime.config.Setting;
import io.ebmperception.runtime.config.SharedSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the camera edge, declared once: the camera reader's own ({@code ingest.*}) and
 * those it shares with the app ({@link SharedSettings}). Read from {@code ingest.properties},
 * {@code EBM_*} and {@code --set} like the app's; the app's table lists {@link #READER} too, since
 * its demo reads a live camera in-process.
 */
public final class IngestSettings {
  private IngestSettings() {}

  public static final Setting<String> TASK = Setting.text("ingest.task", CameraSpec.DEFAULT_TASK,
      "ingest: the task of cameras that do not say");
  public static final Setting<Double> FPS = Setting.decimal("ingest.fps", CameraSpec.DEFAULT_FPS, 0.01, 1000,
      "ingest: the most frames/s of cameras that do not say");
  public static final Setting<Integer> QUEUE = Setting.integer("ingest.queue",
      CameraStream.Options.DEFAULT.queueCapacity(), 1, 100_000, "ingest: frames queued per camera");
  public static final Setting<Duration> READ_TIMEOUT = Setting.seconds("ingest.read.timeout.s",
      CameraStream.Options.DEFAULT.readTimeout().toSeconds(), 1, 86_400, "ingest: a silent stream is opened again");
  public static final Setting<Duration> MAX_BACKOFF = Setting.seconds("ingest.max.backoff.s",
      CameraStream.Options.DEFAULT.maxBackoff().toSeconds(), 1, 86_400, "ingest: longest wait between reconnects");
  public static final Setting<Duration> READY_WITHIN = Setting.seconds("ingest.ready.within.s",
      Ingest.DEFAULT_READY_WITHIN.toSeconds(), 1, 86_400, "ingest: ready while every camera published within this");

  /** The camera reader's settings, in the order of docs/operations.md. */
  public static final List<Setting<?>> READER = List.of(TASK, FPS, QUEUE, READ_TIMEOUT, MAX_BACKOFF, READY_WITHIN);

  /** The whole table of the {@code ingest} process. */
  public static final List<Setting<?>> ALL = table();

  private static List<Setting<?>> table() {
    List<Setting<?>> all = new ArrayList<>(SharedSettings.CONNECTION);
    all.add(SharedSettings.FRAMES_TOPIC);
    all.add(SharedSettings.FRAME_MAX_BYTES);
    all.addAll(SharedSettings.HTTP);
    all.addAll(SharedSettings.WIRE);
    all.addAll(READER);
    return List.copyOf(all);
  }

  /** The options a camera is read with, from {@code config}. */
  public static CameraStream.Options cameraOptions(Config config) {
    return new CameraStream.Options(config.get(QUEUE), config.get(READ_TIMEOUT), config.get(MAX_BACKOFF));
  }
}
