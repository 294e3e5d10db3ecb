package io.ebmperception.stream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the bundle folder and, when its manifest names a new version, loads and
 * warms the new model, swaps it into the {@link Batcher} (no frame waits, none is dropped), and
 * closes the old one after a grace period so that a batch still running on it can finish.
 */
public final class ModelReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);
  private static final long GRACE_SECONDS = 30;
  private final Path dir;
  private final Batcher batcher;
  private final ModelLoader loader;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ebm-model-reloader");
    t.setDaemon(true);
    return t;
  });

  public ModelReloader(Path dir, Batcher batcher, ModelLoader loader, long intervalSeconds) {
    this.dir = dir;
    this.batcher = batcher;
    this.loader = loader;
    if (intervalSeconds > 0) {
      scheduler.scheduleWithFixedDelay(this::check, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }
  }

  /** Checks the bundle once; returns true when a new version was swapped in. */
  public synchronized boolean check() {
    try {
      JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
      String version = manifest.path("version").asText();
      String serving = batcher.current().model().bundle().manifest().version();
      if (version.isEmpty() || version.equals(serving)) {
        return false;
      }
      LOG.info("bundle {} has version {} (serving {}): loading it", dir, version, serving);
      ImportanceSampler next = loader.load(dir);
      ImportanceSampler previous = batcher.swap(next);
      scheduler.schedule(() -> previous.model().close(), GRACE_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("model reload from {} failed, still serving the current model: {}", dir, e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
