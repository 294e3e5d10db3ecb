package io.ebmperception.stream.inference;

import io.ebmperception.schemas.bundle.BundleLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the bundle folder and, when its manifest names a new version, loads and
 * warms the new model, swaps it into the {@link Batcher} (no frame waits, none is dropped), and
 * closes the old one after a grace period so that a batch still running on it can finish.
 *
 * <p>A bundle that fails to load is not retried every interval forever: the next try of the same
 * version waits twice as long each time (up to {@link #MAX_BACKOFF}), a bundle with another version
 * is tried at once, and the {@link Listener} hears of every failure (the app counts them).
 */
public final class ModelReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);
  private static final long GRACE_SECONDS = 30;
  /** The longest wait before the same failing version is tried again. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** Hears what the reloader did. */
  public interface Listener {
    /** {@code name}:{@code version} is now serving. */
    void serving(String name, String version);

    /** Loading {@code version} failed; the current model keeps serving. */
    void failed(String version, String reason);
  }

  private final Path dir;
  private final Batcher batcher;
  private final ModelLoader loader;
  private final Listener listener;
  private final Duration interval;
  private final LongSupplier clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ebm-model-reloader");
    t.setDaemon(true);
    return t;
  });
  private String failedVersion;
  private int failures;
  private long retryAtNanos;

  public ModelReloader(Path dir, Batcher batcher, ModelLoader loader, long intervalSeconds, Listener listener) {
    this(dir, batcher, loader, Duration.ofSeconds(intervalSeconds), listener, System::nanoTime);
  }

  ModelReloader(Path dir, Batcher batcher, ModelLoader loader, Duration interval, Listener listener,
      LongSupplier nanoClock) {
    this.dir = dir;
    this.batcher = batcher;
    this.loader = loader;
    this.listener = listener;
    this.interval = interval;
    this.clock = nanoClock;
    if (!interval.isZero()) {
      scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Checks the bundle once; returns true when a new version was swapped in. */
  public synchronized boolean check() {
    String version = "";
    try {
      version = BundleLayout.readVersion(dir).orElse("");
      String serving = batcher.current().model().bundle().manifest().version();
      if (version.isEmpty() || version.equals(serving)) {
        return false;
      }
      if (version.equals(failedVersion) && clock.getAsLong() < retryAtNanos) {
        return false; // backing off
      }
      LOG.info("bundle {} has version {} (serving {}): loading it", dir, version, serving);
      ImportanceSampler next = loader.load(dir);
      ImportanceSampler previous = batcher.swap(next);
      failedVersion = null;
      failures = 0;
      listener.serving(next.model().bundle().manifest().name(), version);
      scheduler.schedule(() -> previous.model().close(), GRACE_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (IOException | RuntimeException e) {
      failures = version.equals(failedVersion) ? failures + 1 : 1;
      failedVersion = version;
      Duration wait = backoff(failures);
      retryAtNanos = clock.getAsLong() + wait.toNanos();
      LOG.warn("model reload from {} failed ({} time(s) for this version), still serving the current "
          + "model; next try in {} s: {}", dir, failures, wait.toSeconds(), e.getMessage());
      listener.failed(version, e.getMessage());
      return false;
    }
  }

  /** Interval × 2^(failures − 1), at most {@link #MAX_BACKOFF}. */
  Duration backoff(int failures) {
    long base = Math.max(1, interval.toMillis());
    long ms = base << Math.min(20, Math.max(0, failures - 1));
    return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
