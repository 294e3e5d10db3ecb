package io.ebmperception.stream.inference;

import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.bundle.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
 * <p>A new version is first checked against the one serving ({@link RolloutCheck}: same task,
 * targets and a compatible input); a mismatch is refused before any graph is loaded. A bundle that
 * is refused or fails to load is not retried every interval forever: the next try of the same
 * version waits twice as long each time (up to {@link #MAX_BACKOFF}), a bundle with another version
 * is tried at once, the {@link Listener} hears of every failure (the app counts them), and the
 * log says so once per version, not once per try. {@link #refusal()} says why the bundle's version
 * is not serving (the app puts it in the readiness body).
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
  private String failedReason;
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
      Manifest serving = batcher.current().model().bundle().manifest();
      if (version.isEmpty() || version.equals(serving.version())) {
        failedVersion = null; // rolled back to the serving version: nothing is refused any more
        return false;
      }
      if (version.equals(failedVersion) && clock.getAsLong() < retryAtNanos) {
        return false; // backing off
      }
      if (!version.equals(failedVersion)) {
        LOG.info("bundle {} has version {} (serving {}): loading it", dir, version, serving.version());
      }
      Manifest candidate = BundleLayout.readManifest(dir);
      Optional<String> refusal = RolloutCheck.refusal(serving, candidate);
      if (refusal.isPresent()) {
        throw new IllegalArgumentException("refused " + candidate.name() + " " + version + ": " + refusal.get());
      }
      ImportanceSampler next = loader.load(dir);
      ImportanceSampler previous = batcher.swap(next);
      failedVersion = null;
      failures = 0;
      listener.serving(next.model().bundle().manifest().name(), version);
      scheduler.schedule(() -> previous.model().close(), GRACE_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (IOException | RuntimeException e) {
      boolean again = version.equals(failedVersion);
      failures = again ? failures + 1 : 1;
      failedVersion = version;
      failedReason = String.valueOf(e.getMessage());
      Duration wait = backoff(failures);
      retryAtNanos = clock.getAsLong() + wait.toNanos();
      if (again) {
        LOG.debug("model version {} failed again ({} tries); next try in {} s: {}", version, failures,
            wait.toSeconds(), failedReason);
      } else {
        LOG.warn("model version {} from {} not rolled out, still serving the current model (retried with "
            + "backoff, logged once): {}", version, dir, failedReason);
      }
      listener.failed(version, failedReason);
      return false;
    }
  }

  /**
   * Why the bundle's version is not the one serving ("version v9 not rolled out: refused …"), or
   * empty when the bundle's version serves.
   */
  public synchronized Optional<String> refusal() {
    return failedVersion == null ? Optional.empty()
        : Optional.of("model version " + failedVersion + " not rolled out (" + failures + " tries), serving "
            + batcher.current().model().bundle().manifest().version() + ": " + failedReason);
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
