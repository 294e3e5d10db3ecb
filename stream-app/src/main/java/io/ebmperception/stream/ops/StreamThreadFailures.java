package io.ebmperception.stream.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Stuck-partition detection: the stream threads that failed and were replaced. A thread that
 * fails on the same record again and again is replaced again and again while its partitions get
 * nothing through, and Kafka Streams itself stays RUNNING; so every replacement is counted
 * ({@code ebm_stream_thread_replacements_total}, the last one's time in
 * {@code ebm_stream_thread_last_failure_timestamp_seconds}), and {@link #stuck()} turns
 * readiness false while {@value #STUCK_AFTER} or more failures fall within {@link #WINDOW}, with
 * the last error as the reason.
 */
public final class StreamThreadFailures {
  /** Failures within {@link #WINDOW} that make the app not ready. */
  static final int STUCK_AFTER = 3;
  /** How far back failures count. */
  static final Duration WINDOW = Duration.ofMinutes(2);
  private final Counter replacements;
  private final LongSupplier nanoClock;
  private final Deque<Long> recent = new ArrayDeque<>();
  private volatile String lastError = "";
  private volatile double lastFailureEpochSeconds;

  public StreamThreadFailures(MeterRegistry registry) {
    this(registry, System::nanoTime);
  }

  StreamThreadFailures(MeterRegistry registry, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    replacements = Counter.builder("ebm.stream.thread.replacements")
        .description("stream threads that failed and were replaced (repeated failures: a stuck partition)")
        .register(registry);
    Gauge.builder("ebm.stream.thread.last.failure.timestamp", this, f -> f.lastFailureEpochSeconds)
        .baseUnit("seconds").description("when a stream thread last failed (epoch seconds, 0: never)")
        .register(registry);
  }

  /** A stream thread failed with {@code error} and is being replaced. */
  public synchronized void failed(Throwable error) {
    replacements.increment();
    lastFailureEpochSeconds = System.currentTimeMillis() / 1000.0;
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    lastError = root.getClass().getSimpleName() + ": " + root.getMessage();
    recent.addLast(nanoClock.getAsLong());
    prune();
  }

  /** Why the stream looks stuck (failures within the window and the last error), or empty. */
  public synchronized Optional<String> stuck() {
    prune();
    return recent.size() < STUCK_AFTER ? Optional.empty()
        : Optional.of("stream threads failed " + recent.size() + " times in the last " + WINDOW.toSeconds()
            + " s (a partition may be stuck); last: " + lastError);
  }

  private void prune() {
    long oldest = nanoClock.getAsLong() - WINDOW.toNanos();
    while (!recent.isEmpty() && recent.peekFirst() < oldest) {
      recent.removeFirst();
    }
  }
}
