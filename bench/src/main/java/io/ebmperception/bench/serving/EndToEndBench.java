package io.ebmperception.bench.serving;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.search.Search;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The end-to-end part of {@code bench}: the app on an embedded broker in one configuration, fed
 * either a backlog (every frame at once: the maximum throughput) or an open-loop steady load
 * (frames produced at a fixed rate whatever the app does: the latency a camera sees).
 * Latency is capture→emit (the frame's capture time to the prediction's emit time), the app's own
 * time is the prediction's {@code total} stage; the batch sizes are those of the app's own metric.
 */
final class EndToEndBench {
  private final List<byte[]> values;
  private final List<Path> bundles;
  private final AppConfig base;
  private final int cameras;
  private final AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());

  /** One run's figures. */
  record Run(String config, double framesPerSecond, double offeredPerSecond, int frames,
      double p50, double p95, double p99, double visibleP50, double visibleP99, double appP50,
      double meanBatch, String batchHistogram, String cpu, Map<String, Task> byTask) {}

  /**
   * One task's share of a run (by the model that answered): its frames, its rate (its answers over
   * the time from its first capture to its last answer) and its latencies.
   */
  record Task(int frames, double framesPerSecond, double p50, double p99, double appP50) {}

  /** A prediction and when the reader got it (epoch ms). */
  private record Received(Prediction prediction, long atMs) {}

  /**
   * @param values Avro frame values to cycle through (of one task per bundle)
   * @param bundles the bundles the app serves, one per task
   * @param base the settings every run starts from (ports, samples, threads)
   * @param cameras how many camera keys the frames are spread over
   */
  EndToEndBench(List<byte[]> values, List<Path> bundles, AppConfig base, int cameras) {
    this.values = values;
    this.bundles = List.copyOf(bundles);
    this.base = base;
    this.cameras = cameras;
  }

  /** Settings of {@code spec}: "default" or comma-separated key=value pairs over the base. */
  AppConfig config(String spec, Path dir) {
    AppConfig c = base.with(Settings.EMBEDDED_DATA_DIR, dir.resolve("kafka"))
        .with(Settings.STATE_DIR, dir.resolve("streams"));
    if (!spec.isBlank() && !spec.equals("default")) {
      for (String pair : spec.split(",")) {
        int eq = pair.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--e2e: expected key=value pairs, got '" + pair + "'");
        }
        c = c.with(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return c;
  }

  /**
   * Runs {@code spec} with a backlog of {@code frames} frames, then, for each rate in
   * {@code steadyRates} (frames/s; fractions of the backlog's throughput when below 1), a steady
   * load of {@code steadySeconds}, all on one app instance.
   */
  List<Run> run(String spec, int frames, double[] steadyRates, double steadySeconds) throws InterruptedException {
    Path dir = tempDir();
    List<Run> out = new ArrayList<>();
    try (StreamApp app = StreamApp.start(config(spec, dir), bundles);
        KafkaConsumer<String, Prediction> tail = tail(app)) {
      if (!app.awaitReady(Duration.ofSeconds(60))) {
        throw new IllegalStateException("app not ready after 60 s");
      }
      long sequence = 0;
      // Warm the JIT on the whole path (Kafka clients, broker, pipeline) before anything is timed.
      int warm = Math.min(300, frames);
      sendAll(app, sequence, warm);
      read(tail, warm, 60);
      sequence += warm;
      BatchCounts before = BatchCounts.of(app);
      Run backlog = backlog(app, tail, spec, sequence, frames, before);
      sequence += frames;
      out.add(backlog);
      for (double rate : steadySeconds > 0 ? steadyRates : new double[0]) {
        double fps = rate < 1 ? rate * backlog.framesPerSecond() : rate;
        int n = (int) Math.max(20, Math.round(fps * steadySeconds));
        BatchCounts start = BatchCounts.of(app);
        out.add(steady(app, tail, spec, sequence, n, fps, start));
        sequence += n;
      }
    } finally {
      deleteTree(dir); // the broker's logs and the state of this run: hundreds of MB over a session
    }
    return out;
  }

  /** Sends frames {@code from} .. {@code from + n - 1} at once. */
  private void sendAll(StreamApp app, long from, int n) {
    try (KafkaProducer<String, Frame> producer = producer(app)) {
      for (int i = 0; i < n; i++) {
        producer.send(record(app, from + i));
      }
    }
  }

  private Run backlog(StreamApp app, KafkaConsumer<String, Prediction> tail, String spec, long from, int n,
      BatchCounts before) {
    CpuShares cpu = CpuShares.now();
    long start = System.nanoTime();
    sendAll(app, from, n);
    List<Received> got = read(tail, n, 60);
    double seconds = (System.nanoTime() - start) / 1e9;
    return summary(spec, got, got.size() / seconds, Double.NaN, BatchCounts.of(app).minus(before),
        CpuShares.now().perFrameSince(cpu, Math.max(1, got.size())));
  }

  private Run steady(StreamApp app, KafkaConsumer<String, Prediction> tail, String spec, long from, int n,
      double fps, BatchCounts before) {
    long period = (long) (1e9 / fps);
    long start = System.nanoTime();
    Thread sender = new Thread(() -> {
      try (KafkaProducer<String, Frame> producer = producer(app)) {
        for (int i = 0; i < n; i++) {
          long due = start + i * period;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          producer.send(record(app, from + i));
        }
      }
    }, "bench-camera");
    sender.start();
    List<Received> got = read(tail, n, 60);
    double seconds = (System.nanoTime() - start) / 1e9;
    try {
      sender.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return summary(spec, got, got.size() / seconds, fps, BatchCounts.of(app).minus(before), "");
  }

  private KafkaProducer<String, Frame> producer(StreamApp app) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(p, new StringSerializer(), serde);
  }

  private ProducerRecord<String, Frame> record(StreamApp app, long sequence) {
    Frame f = serde.deserialize("bench", values.get((int) (sequence % values.size())));
    String camera = f.getTask() + "-" + ((sequence / bundles.size()) % cameras); // interleaved tasks: each its cameras
    f.setCameraId(camera);
    f.setSequence(sequence);
    f.setCaptureTimestampMs(Instant.now());
    return new ProducerRecord<>(app.topics().frames(), camera, f);
  }

  /** Reads the next {@code n} committed predictions, or what came before {@code idleSeconds} of silence. */
  private static List<Received> read(KafkaConsumer<String, Prediction> tail, int n, int idleSeconds) {
    List<Received> out = new ArrayList<>(n);
    long lastArrival = System.nanoTime();
    while (out.size() < n) {
      var records = tail.poll(Duration.ofMillis(100));
      long now = System.currentTimeMillis();
      records.forEach(r -> out.add(new Received(r.value(), now)));
      if (!records.isEmpty()) {
        lastArrival = System.nanoTime();
      } else if (System.nanoTime() - lastArrival > idleSeconds * 1_000_000_000L) {
        break;
      }
    }
    return out;
  }

  /** One read_committed consumer per app, assigned every partition from the start, no group. */
  private static KafkaConsumer<String, Prediction> tail(StreamApp app) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, Prediction> tail = new KafkaConsumer<>(p, new StringDeserializer(),
        AvroSerde.predictions(WireFormat.singleObject()));
    List<TopicPartition> partitions = tail.partitionsFor(app.topics().predictions()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    tail.assign(partitions);
    tail.seekToBeginning(partitions);
    return tail;
  }

  private static Run summary(String spec, List<Received> received, double fps, double offered, BatchCounts batches,
      String cpu) {
    List<Prediction> got = received.stream().map(Received::prediction).toList();
    double[] latency = got.stream().mapToDouble(x -> x.getEmitTimestampMs().toEpochMilli()
        - x.getCaptureTimestampMs().toEpochMilli()).sorted().toArray();
    double[] visible = received.stream().mapToDouble(x -> x.atMs()
        - x.prediction().getCaptureTimestampMs().toEpochMilli()).sorted().toArray();
    double[] app = got.stream().mapToDouble(x -> x.getLatencyMs().get("total")).sorted().toArray();
    Map<String, Task> byTask = new java.util.TreeMap<>();
    got.stream().collect(java.util.stream.Collectors.groupingBy(Prediction::getModelName)).forEach((model, mine) -> {
      double[] l = mine.stream().mapToDouble(x -> x.getEmitTimestampMs().toEpochMilli()
          - x.getCaptureTimestampMs().toEpochMilli()).sorted().toArray();
      double[] a = mine.stream().mapToDouble(x -> x.getLatencyMs().get("total")).sorted().toArray();
      // the task's own rate: its answers over the time from its first frame's capture to its last answer
      long first = mine.stream().mapToLong(x -> x.getCaptureTimestampMs().toEpochMilli()).min().orElse(0);
      long last = mine.stream().mapToLong(x -> x.getEmitTimestampMs().toEpochMilli()).max().orElse(0);
      byTask.put(model, new Task(mine.size(), mine.size() / Math.max(1e-3, (last - first) / 1000.0), pct(l, 0.5),
          pct(l, 0.99), pct(a, 0.5)));
    });
    return new Run(spec, fps, offered, got.size(), pct(latency, 0.5), pct(latency, 0.95), pct(latency, 0.99),
        pct(visible, 0.5), pct(visible, 0.99), pct(app, 0.5), batches.mean(), batches.histogram(), cpu, byTask);
  }

  static double pct(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is not worth failing a benchmark for
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ebm-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Cumulative counts of the app's batch-size metric (all tasks' together), so that one run's share
   * can be taken out.
   */
  private record BatchCounts(long count, double total, Map<Double, Double> cumulative) {
    static BatchCounts of(StreamApp app) {
      long count = 0;
      double total = 0;
      Map<Double, Double> buckets = new LinkedHashMap<>();
      for (var summary : Search.in(app.registry()).name("ebm.batch.size").summaries()) {
        HistogramSnapshot snap = summary.takeSnapshot();
        for (CountAtBucket b : snap.histogramCounts()) {
          if (Arrays.asList(1.0, 2.0, 4.0, 8.0, 16.0, 32.0).contains(b.bucket())) {
            buckets.merge(b.bucket(), b.count(), Double::sum);
          }
        }
        count += snap.count();
        total += snap.total();
      }
      return new BatchCounts(count, total, buckets);
    }

    BatchCounts minus(BatchCounts earlier) {
      Map<Double, Double> diff = new LinkedHashMap<>();
      cumulative.forEach((k, v) -> diff.put(k, v - earlier.cumulative().getOrDefault(k, 0.0)));
      return new BatchCounts(count - earlier.count(), total - earlier.total(), diff);
    }

    double mean() {
      return count == 0 ? Double.NaN : total / count;
    }

    /** "1: 40%, 2: 30%, 3-4: 20%, ..." : share of ONNX calls per batch size range. */
    String histogram() {
      if (count == 0) {
        return "-";
      }
      List<String> parts = new ArrayList<>();
      double previous = 0;
      double lower = 0;
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        double share = (e.getValue() - previous) / count;
        if (share > 0.005) {
          String range = lower + 1 >= e.getKey() ? String.valueOf(e.getKey().intValue())
              : (int) (lower + 1) + "-" + e.getKey().intValue();
          parts.add(String.format(Locale.ROOT, "%s: %.0f%%", range, 100 * share));
        }
        previous = e.getValue();
        lower = e.getKey();
      }
      return String.join(", ", parts);
    }
  }
}
