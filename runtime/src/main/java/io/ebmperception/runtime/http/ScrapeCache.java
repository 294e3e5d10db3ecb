package io.ebmperception.runtime.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code /metrics} body rendered at most once per {@link #MAX_AGE}: a scrape is a few hundred
 * kB of text built from thousands of meters, and a busy or misconfigured scraper (hundreds of
 * requests a second) made the heap grow by 700 MiB when each request rendered its own. Requests
 * within the age share one rendering, concurrent ones wait for it. Prometheus scrapes every 5 s or
 * more, so a body up to 1 s old loses nothing.
 */
final class ScrapeCache {
  /** How long one rendering answers scrapes. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);
  private final Supplier<String> render;
  private final LongSupplier nanoClock;
  private byte[] body; // guarded by this
  private long renderedAt; // guarded by this
  private long renders; // guarded by this

  ScrapeCache(Supplier<String> render, LongSupplier nanoClock) {
    this.render = render;
    this.nanoClock = nanoClock;
  }

  /** The body, rendered now or within {@link #MAX_AGE}, as UTF-8. */
  synchronized byte[] body() {
    long now = nanoClock.getAsLong();
    if (body == null || now - renderedAt >= MAX_AGE.toNanos()) {
      body = render.get().getBytes(StandardCharsets.UTF_8);
      renderedAt = now;
      renders++;
    }
    return body;
  }

  /** How many times the body was rendered (tests). */
  synchronized long renders() {
    return renders;
  }
}
