package io.ebmperception.stream.ops;

import io.ebmperception.runtime.kafka.ClusterProbe;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its brokers every few seconds, so that readiness can say whether the app
 * can serve: Kafka Streams stays RUNNING through a broker outage (its clients retry), while no
 * frame is read or written. Unreachable for longer than the grace period means not ready; the
 * first answer after that means ready again. Each change is logged once.
 */
public final class BrokerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);
  private static final Duration MIN_ASK_TIMEOUT = Duration.ofSeconds(1);
  private final String bootstrap;
  private final Duration grace;
  private final LongSupplier clock;
  private final Admin admin;
  private final Duration period;
  private final Duration askTimeout;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ebm-broker-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile long lastAnswerNanos;
  private volatile boolean reported;

  /**
   * @param period how often to ask
   * @param grace  how long the cluster may be silent before the app counts as not ready
   */
  public BrokerWatch(String bootstrap, Properties clientSettings, Duration period, Duration grace) {
    this(bootstrap, clientSettings, period, grace, System::nanoTime, true);
  }

  BrokerWatch(String bootstrap, Properties clientSettings, Duration period, Duration grace,
      LongSupplier nanoClock, boolean schedule) {
    this.bootstrap = bootstrap;
    this.grace = grace;
    this.clock = nanoClock;
    this.period = period;
    this.lastAnswerNanos = nanoClock.getAsLong();
    this.askTimeout = period.compareTo(MIN_ASK_TIMEOUT) < 0 ? MIN_ASK_TIMEOUT : period;
    admin = Admin.create(ClusterProbe.adminSettings(bootstrap, clientSettings, askTimeout));
    if (schedule) {
      scheduler.scheduleWithFixedDelay(this::ask, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Asks once; records the answer. */
  void ask() {
    boolean answered;
    try {
      int ms = (int) askTimeout.toMillis();
      answered = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .nodes().get(ms + 1000L, TimeUnit.MILLISECONDS).isEmpty();
    } catch (Exception e) {
      answered = false;
    }
    if (answered) {
      answered();
    } else {
      reachable(); // logs the change once the grace has passed
    }
  }

  /** Records an answer of the cluster now. */
  void answered() {
    lastAnswerNanos = clock.getAsLong();
    if (reported) {
      reported = false;
      LOG.info("Kafka at {} answers again: ready", bootstrap);
    }
  }

  /** Whether the cluster answered within the grace period. */
  public boolean reachable() {
    long silent = clock.getAsLong() - lastAnswerNanos;
    boolean ok = silent <= grace.toNanos();
    if (!ok && !reported) {
      reported = true;
      LOG.warn("Kafka at {} has not answered for {} s: not ready until it does", bootstrap,
          Duration.ofNanos(silent).toSeconds());
    }
    return ok;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
