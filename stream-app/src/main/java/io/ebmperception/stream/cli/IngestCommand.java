package io.ebmperception.stream.cli;

import io.ebmperception.stream.camera.CameraSpec;
import io.ebmperception.stream.camera.CameraStream;
import io.ebmperception.stream.probe.ClusterProbe;
import io.ebmperception.stream.camera.Ingest;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.HealthServer;
import io.ebmperception.stream.ops.IngestMetrics;
import io.ebmperception.stream.ops.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Option(names = "--task", defaultValue = "steering", description = "Task of the frames. Default: ${DEFAULT-VALUE}.")
  String task;

  @Option(names = "--fps", defaultValue = "15", description = "Most frames/s per camera. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--queue", defaultValue = "8", description = "Frames queued per camera. Default: ${DEFAULT-VALUE}.")
  int queue;

  @Option(names = "--read-timeout", defaultValue = "5", paramLabel = "S",
      description = "A stream silent this long is opened again. Default: ${DEFAULT-VALUE} s.")
  int readTimeout;

  @Option(names = "--max-backoff", defaultValue = "30", paramLabel = "S",
      description = "Longest wait between reconnects. Default: ${DEFAULT-VALUE} s.")
  int maxBackoff;

  @Option(names = "--ready-within", defaultValue = "10", paramLabel = "S",
      description = "Ready while every camera published within this. Default: ${DEFAULT-VALUE} s.")
  int readyWithin;

  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    AppConfig cfg = config.load();
    List<CameraSpec> specs = cameras.stream().map(c -> CameraSpec.parse(c, task, fps)).toList();
    if (queue < 1 || readTimeout < 1 || maxBackoff < 1 || readyWithin < 1) {
      throw new IllegalArgumentException("--queue, --read-timeout, --max-backoff and --ready-within must be >= 1");
    }
    String bootstrap = cfg.clientBootstrap();
    ClusterProbe.requireReachable(bootstrap, cfg.kafkaClientSettings(), ClusterProbe.DEFAULT_TIMEOUT,
        cfg.get(Settings.FRAMES_TOPIC));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Ingest ingest = new Ingest(bootstrap, cfg.kafkaClientSettings(), cfg.get(Settings.FRAMES_TOPIC),
        cfg.wireFormat(), cfg.get(Settings.FRAME_MAX_BYTES), specs, new CameraStream.Options(queue, Duration.ofSeconds(readTimeout),
            Duration.ofSeconds(maxBackoff)));
    IngestMetrics.bind(ingest, registry);
    Duration window = Duration.ofSeconds(readyWithin);
    HealthServer health = new HealthServer(cfg.get(Settings.HTTP_BIND), cfg.get(Settings.HTTP_PORT), () -> {
      List<String> silent = ingest.silent(window);
      return new HealthServer.Readiness(silent.isEmpty(), silent);
    }, registry);
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
