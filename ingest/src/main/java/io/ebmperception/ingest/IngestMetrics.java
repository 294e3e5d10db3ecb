package io.ebmperception.ingest;

import io.ebmperception.ingest.CameraSpec;
import io.ebmperception.ingest.Ingest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The ingest edge's meters, per camera (label {@code camera}): frames grabbed, skipped above the
 * camera's fps, dropped from a full queue, published, failed to publish, reconnects, and the age
 * of the last frame published.
 */
public final class IngestMetrics {
  private IngestMetrics() {}

  /** Registers the meters of every camera of {@code ingest}. */
  public static void bind(Ingest ingest, MeterRegistry registry) {
    for (CameraSpec camera : ingest.cameras()) {
      String id = camera.id();
      counter(registry, "ebm.ingest.frames.grabbed", "frames read from the stream", id, ingest, i -> i.stats(id).grabbed());
      counter(registry, "ebm.ingest.frames.skipped", "frames above the camera's fps, not published", id, ingest,
          i -> i.stats(id).skipped());
      counter(registry, "ebm.ingest.frames.dropped", "oldest queued frames dropped when the queue was full", id, ingest,
          i -> i.stats(id).dropped());
      counter(registry, "ebm.ingest.frames.sent", "frames the broker acknowledged", id, ingest, i -> i.published(id).sent());
      counter(registry, "ebm.ingest.frames.failed", "frames the producer could not deliver", id, ingest,
          i -> i.published(id).failed());
      counter(registry, "ebm.ingest.reconnects", "times the stream was opened again", id, ingest,
          i -> i.stats(id).reconnects());
      Gauge.builder("ebm.ingest.last.frame.age", ingest, i -> {
        long last = i.published(id).lastSentMillis();
        return last == 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
      }).baseUnit("seconds").tag("camera", id).description("seconds since the camera's last published frame")
          .register(registry);
    }
  }

  private static void counter(MeterRegistry registry, String name, String description, String camera, Ingest ingest,
      ToDoubleFunction<Ingest> value) {
    FunctionCounter.builder(name, ingest, value).tag("camera", camera).description(description).register(registry);
  }
}
