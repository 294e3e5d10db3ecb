package io.ebmperception.stream.cli;

import io.ebmperception.stream.camera.CameraSpec;
import io.ebmperception.stream.probe.ClusterProbe;
import io.ebmperception.stream.camera.Ingest;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.HealthServer;
import io.ebmperception.stream.ops.IngestMetrics;
import io.ebmperception.stream.ops.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stream-app ingest}: live cameras into the frames topic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {
      "Reads live cameras (rtsp://, http(s)://, udp://, srt:// where FFmpeg supports it, a V4L2",
      "device such as /dev/video0, or a file) and publishes their frames to the frames topic,",
      "keyed by camera id, at most --fps each (or the camera's own fps). A slow broker drops the",
      "oldest queued frames and counts them; a stream that ends or stalls for --read-timeout is",
      "opened again after 1, 2, 4, ... s (at most --max-backoff). Capture time = the time a frame",
      "is read. Per-camera metrics on /metrics; /health/ready is 200 while every camera published",
      "a frame within --ready-within. Runs until stopped (Ctrl-C, SIGTERM)."
    })
final class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--camera", required = true, paramLabel = "ID=URL[,task=T][,fps=F][,size=WxH]",
      description = "A camera; repeat for several, e.g. --camera front=rtsp://10.0.0.5/stream,fps=15,size=128x128.")
  List<String> cameras;

  @Option(names = "--task", description = "Task of cameras that do not say; sets ingest.task (default "
      + CameraSpec.DEFAULT_TASK + ").")
  String task;

  @Option(names = "--fps", description = "Most frames/s of cameras that do not say; sets ingest.fps (default 15).")
  Double fps;

  @Option(names = "--queue", description = "Frames queued per camera; sets ingest.queue (default 8).")
  Integer queue;

  @Option(names = "--read-timeout", paramLabel = "S",
      description = "A stream silent this long is opened again; sets ingest.read.timeout.s (default 5).")
  Integer readTimeout;

  @Option(names = "--max-backoff", paramLabel = "S",
      description = "Longest wait between reconnects; sets ingest.max.backoff.s (default 30).")
  Integer maxBackoff;

  @Option(names = "--ready-within", paramLabel = "S",
      description = "Ready while every camera published within this; sets ingest.ready.within.s (default 10).")
  Integer readyWithin;

  @Mixin
  ConfigOptions config;

  /** An option given on the command line overrides its setting (file, EBM_*, --set), checked like it. */
  private static void putIfGiven(Map<String, String> options, io.ebmperception.stream.ops.Setting<?> setting,
      Object value) {
    if (value != null) {
      options.put(setting.key(), String.valueOf(value));
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> options = new LinkedHashMap<>();
    putIfGiven(options, Settings.INGEST_TASK, task);
    putIfGiven(options, Settings.INGEST_FPS, fps);
    putIfGiven(options, Settings.INGEST_QUEUE, queue);
    putIfGiven(options, Settings.INGEST_READ_TIMEOUT, readTimeout);
    putIfGiven(options, Settings.INGEST_MAX_BACKOFF, maxBackoff);
    putIfGiven(options, Settings.INGEST_READY_WITHIN, readyWithin);
    AppConfig cfg = config.load(options);
    List<CameraSpec> specs = cameras.stream()
        .map(c -> CameraSpec.parse(c, cfg.get(Settings.INGEST_TASK), cfg.get(Settings.INGEST_FPS))).toList();
    String bootstrap = cfg.clientBootstrap();
    ClusterProbe.requireReachable(bootstrap, cfg.kafkaClientSettings(), ClusterProbe.DEFAULT_TIMEOUT,
        cfg.get(Settings.FRAMES_TOPIC));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the port first: a taken http.port is refused in one line before any camera is opened
    AtomicReference<Ingest> started = new AtomicReference<>();
    Duration window = cfg.get(Settings.INGEST_READY_WITHIN);
    HealthServer health = new HealthServer(cfg.get(Settings.HTTP_BIND), cfg.get(Settings.HTTP_PORT), () -> {
      Ingest running = started.get();
      List<String> silent = running == null ? List.of("cameras starting") : running.silent(window);
      return new HealthServer.Readiness(silent.isEmpty(), silent);
    }, registry);
    Ingest ingest;
    try {
      ingest = Ingest.builder(bootstrap, cfg.get(Settings.FRAMES_TOPIC), specs)
          .clientSettings(cfg.kafkaClientSettings()).wire(cfg.wireFormat())
          .frameMaxBytes(cfg.get(Settings.FRAME_MAX_BYTES)).options(Settings.cameraOptions(cfg)).start();
    } catch (RuntimeException e) {
      health.close();
      throw e;
    }
    started.set(ingest);
    IngestMetrics.bind(ingest, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.close();
      ingest.close();
      stopped.countDown();
    }, "ebm-ingest-shutdown"));
    var out = spec.commandLine().getOut();
    out.printf("ingesting %d camera(s) into %s at %s; metrics on http://%s:%d/metrics%n", specs.size(),
        cfg.get(Settings.FRAMES_TOPIC), bootstrap, cfg.get(Settings.HTTP_BIND), health.port());
    out.flush();
    stopped.await();
    return 0;
  }
}
