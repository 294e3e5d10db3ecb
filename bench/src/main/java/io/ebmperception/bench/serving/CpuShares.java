package io.ebmperception.bench.serving;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a process's CPU time went between two snapshots, by thread role (stream threads, the
 * batcher, the broker, the bench's producer and reader, ...): the profile of an end-to-end run
 * that a sampling profiler cannot give, because ONNX Runtime's work happens in native code on the
 * calling thread. Time of threads that are not Java threads (ONNX Runtime's own pool) and of the
 * JVM's own work is the difference to the process total, reported as "native pool, GC, JIT".
 */
final class CpuShares {
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> names;
  private final long processNanos;

  private CpuShares(Map<Long, Long> threadNanos, Map<Long, String> names, long processNanos) {
    this.threadNanos = threadNanos;
    this.names = names;
    this.processNanos = processNanos;
  }

  /** The CPU time of every live thread and of the process now. */
  static CpuShares now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = threads.getThreadCpuTime(info.getThreadId());
      if (t >= 0) {
        nanos.put(info.getThreadId(), t);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    return new CpuShares(nanos, names, process);
  }

  /** CPU milliseconds per frame by role since {@code earlier}, largest first. */
  String perFrameSince(CpuShares earlier, int frames) {
    Map<String, Long> byRole = new LinkedHashMap<>();
    long javaTotal = 0;
    for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
      long delta = e.getValue() - earlier.threadNanos.getOrDefault(e.getKey(), 0L);
      byRole.merge(role(names.get(e.getKey())), delta, Long::sum);
      javaTotal += delta;
    }
    if (processNanos >= 0 && earlier.processNanos >= 0) {
      byRole.put("native pool, GC, JIT", Math.max(0, processNanos - earlier.processNanos - javaTotal));
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(byRole.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    List<String> parts = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, Long> e : sorted) {
      total += e.getValue();
      if (e.getValue() / 1e6 / frames >= 0.05) {
        parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e6 / frames));
      }
    }
    return String.format(Locale.ROOT, "%.2f ms CPU per frame: ", total / 1e6 / frames) + String.join(", ", parts);
  }

  /** The role of a thread, from the names Kafka, Kafka Streams and the app give their threads. */
  static String role(String name) {
    if (name == null) {
      return "other";
    }
    if (name.contains("-StreamThread-")) {
      return name.contains("producer") ? "stream producer I/O" : "stream threads";
    }
    if (name.startsWith("ebm-batcher")) {
      return "batcher (ONNX calls)";
    }
    if (name.startsWith("bench-camera") || name.startsWith("main")) {
      return "bench producer and reader";
    }
    if (name.startsWith("kafka-producer-network-thread")) {
      return "producer I/O";
    }
    if (name.contains("data-plane") || name.contains("request-handler") || name.startsWith("broker-")
        || name.contains("ReplicaManager") || name.contains("kafka-") || name.contains("controller")
        || name.contains("raft") || name.contains("log-cleaner") || name.contains("scheduler")) {
      return "broker";
    }
    return "other";
  }
}
