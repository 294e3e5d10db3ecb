package io.ebmperception.ingest;

import io.ebmperception.runtime.config.Config;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.runtime.http.HealthServer;
import io.ebmperception.runtime.kafka.ClusterProbe;
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

/** {@code ingest}: live cameras into the frames topic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {
      "Reads live cameras (RTSP, HTTP(S), UDP and SRT URLs where FFmpeg supports them, a V4L2",
      "device such as /dev/video0, or a file) and publishes their frames to the frames topic,",
      "keyed by camera id, at most --fps each (or the camera's own fps). A slow broker drops the",
      "oldest queued frames and counts them; a stream that ends or stalls for --read-timeout is",
      "opened again after 1, 2, 4, ... s (at most --max-backoff). Capture times come from the",
      "camera's clock where the stream has one (RTCP, the stream's timestamps), else the read, and",
      "each frame says which (captureClock). Per-camera metrics on /metrics; /health/ready is 200 while every camera published",
      "a frame within --ready-within. Runs until stopped (Ctrl-C, SIGTERM)."
    })
public final class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--camera", required = true, paramLabel = "ID=URL[,task=T][,fps=F][,size=WxH]",
      description = "A camera; repeat for several (examples below).")
  List<String> cameras;

  @Option(names = "--task", description = "Task of cameras that do not say; sets ingest.task.")
  String task;

  @Option(names = "--fps", description = "Most frames/s of cameras that do not say; sets ingest.fps.")
  Double fps;

  @Option(names = "--queue", description = "Frames queued per camera; sets ingest.queue.")
  Integer queue;

  @Option(names = "--read-timeout", paramLabel = "S",
      description = "A stream silent this long is opened again; sets ingest.read.timeout.s.")
  Integer readTimeout;

  @Option(names = "--max-backoff", paramLabel = "S",
      description = "Longest wait between reconnects; sets ingest.max.backoff.s.")
  Integer maxBackoff;

  @Option(names = "--ready-within", paramLabel = "S",
      description = "Ready while every camera published within this; sets ingest.ready.within.s.")
  Integer readyWithin;

  @Mixin
  ConfigOptions config;


  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> options = new LinkedHashMap<>();
    ConfigOptions.putIfGiven(options, IngestSettings.TASK, task);
    ConfigOptions.putIfGiven(options, IngestSettings.FPS, fps);
    ConfigOptions.putIfGiven(options, IngestSettings.QUEUE, queue);
    ConfigOptions.putIfGiven(options, IngestSettings.READ_TIMEOUT, readTimeout);
    ConfigOptions.putIfGiven(options, IngestSettings.MAX_BACKOFF, maxBackoff);
    ConfigOptions.putIfGiven(options, IngestSettings.READY_WITHIN, readyWithin);
    Config cfg = config.load(IngestSettings.ALL, options);
    List<CameraSpec> specs = cameras.stream()
        .map(c -> CameraSpec.parse(c, cfg.get(IngestSettings.TASK), cfg.get(IngestSettings.FPS))).toList();
    String bootstrap = cfg.clientBootstrap();
    ClusterProbe.requireReachable(bootstrap, cfg.kafkaClientSettings(), ClusterProbe.DEFAULT_TIMEOUT,
        cfg.get(SharedSettings.FRAMES_TOPIC));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the port first: a taken http.port is refused in one line before any camera is opened
    AtomicReference<Ingest> started = new AtomicReference<>();
    Duration window = cfg.get(IngestSettings.READY_WITHIN);
    HealthServer health = new HealthServer(cfg.get(SharedSettings.HTTP_BIND), cfg.get(SharedSettings.HTTP_PORT), () -> {
      Ingest running = started.get();
      List<String> silent = running == null ? List.of("cameras starting") : running.silent(window);
      return new HealthServer.Readiness(silent.isEmpty(), silent);
    }, registry);
    Ingest ingest;
    try {
      ingest = Ingest.builder(bootstrap, cfg.get(SharedSettings.FRAMES_TOPIC), specs)
          .clientSettings(cfg.kafkaClientSettings()).wire(cfg.wireFormat())
          .frameMaxBytes(cfg.get(SharedSettings.FRAME_MAX_BYTES)).options(IngestSettings.cameraOptions(cfg)).start();
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
        cfg.get(SharedSettings.FRAMES_TOPIC), bootstrap, cfg.get(SharedSettings.HTTP_BIND), health.port());
    out.flush();
    stopped.await();
    return 0;
  }
}
