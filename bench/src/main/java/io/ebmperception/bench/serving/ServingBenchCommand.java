package io.ebmperception.bench.serving;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.bundle.GraphTensor;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.FrameNoise;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.schemas.sampling.MixtureSampler;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.inference.ModelLoader;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.schemas.sampling.ProposalParameters;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.ops.PipelineMetrics;
import io.ebmperception.stream.topology.FramePipeline;
import io.ebmperception.stream.topology.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ebm bench}: per-frame latency and frames/s measured side by side in one run, for
 * (a) the bare ONNX Runtime calls, (b) the full pipeline without Kafka, (c) end to end through an
 * embedded broker, and the cached-projection energy head against the naive one; plus the
 * process's resident memory. Prints a Markdown table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks the serving path on this machine and prints a Markdown table.")
public final class ServingBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR",
      description = "Bundle to serve; with energy-naive.onnx for the head comparison (trainer export --naive-head).")
  Path bundle;

  @Option(names = "--video", required = true, paramLabel = "VIDEO|FOLDER", description = "Frames to use.")
  Path video;

  @Option(names = "--samples", defaultValue = "" + SamplingDefaults.SAMPLES, description = "M. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--frames", defaultValue = "300", description = "Frames per measurement. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--onnx-threads", defaultValue = "2", description = "Intra-op threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--e2e", paramLabel = "SETTINGS", split = ";",
      defaultValue = "default;stream.threads=1,batch.max=1,topics.partitions=2",
      description = {"App configurations for the end-to-end runs (c), separated by ';': 'default' (the app's"
          + " defaults) or comma-separated key=value settings over them (as `run --set`); 'none' skips (c).",
          "Default: ${DEFAULT-VALUE}."})
  List<String> e2e;

  @Option(names = "--batch", split = ",", defaultValue = "8",
      description = "Batch sizes for more (a) rows: frames per ONNX call. Default: ${DEFAULT-VALUE}.")
  int[] batches;

  @Option(names = "--steady", paramLabel = "LOAD", split = ",", defaultValue = "0.5,0.9",
      description = {"Open-loop steady loads for each end-to-end configuration, after its backlog run:"
          + " a fraction of that configuration's measured maximum (below 1) or frames/s.",
          "Default: ${DEFAULT-VALUE}."})
  double[] steady;

  @Option(names = "--steady-seconds", defaultValue = "10",
      description = "Length of each steady-load run. Default: ${DEFAULT-VALUE}.")
  double steadySeconds;

  @Option(names = "--cameras", defaultValue = "4",
      description = "Camera keys the frames are spread over (the partitioning key). Default: ${DEFAULT-VALUE}.")
  int cameras;

  private record Stat(String name, double framesPerSecond, double p50, double p95) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    List<byte[]> values = BenchFrames.encode(video, frames, ModelBundle.load(bundle).manifest().task(), null, serde);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(video + " has no frames");
    }
    List<Stat> stats = new ArrayList<>();
    // (b) serves as the app does by default: modes found, no refinement.
    var serving = AppConfig.defaults().serving();
    ImportanceSampler sampler = new ModelLoader(ExecutionProvider.CPU, threads, samples,
        serving.sampling().hypotheses(), 1, serving.sampling().modes(), serving.sampling().refinement()).load(bundle);
    List<Stat> batched = new ArrayList<>();
    String breakdown;
    try (OnnxModel model = sampler.model()) {
      stats.add(bare(model, 1));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      stats.add(pipeline(sampler, serde, values, registry));
      breakdown = stages(registry);
      stats.addAll(heads(model));
      for (int b : batches) {
        if (b > 1) {
          batched.add(bare(model, b));
        }
      }
    }
    out.printf(Locale.ROOT, "%n| measurement (M = %d, batch 1) | frames/s | p50 ms | p95 ms |%n|---|---|---|---|%n", samples);
    List<Stat> rows = new ArrayList<>(stats);
    rows.addAll(batched);
    for (Stat s : rows) {
      out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.2f |%n", s.name(), s.framesPerSecond(), s.p50(), s.p95());
    }
    out.printf(Locale.ROOT, "%n(b) where a frame's time goes (mean ms per frame): %s%n", breakdown);
    out.flush();
    if (e2e.size() == 1 && e2e.get(0).strip().equals("none")) {
      return 0;
    }
    AppConfig base = AppConfig.defaults().with(SharedSettings.EMBEDDED_PORT, 0).with(SharedSettings.HTTP_PORT, 0)
        .with(Settings.SAMPLES, samples).with(Settings.ONNX_THREADS, threads)
        .with(Settings.RELOAD_INTERVAL, 0);
    EndToEndBench bench = new EndToEndBench(values, List.of(bundle), base, cameras);
    List<EndToEndBench.Run> runs = new ArrayList<>();
    Map<String, Double> bareBefore = new HashMap<>();
    for (String config : e2e) {
      // (a) again just before each configuration: on a shared machine the ratio is only
      // meaningful between measurements taken side by side.
      ImportanceSampler again = new ModelLoader(ExecutionProvider.CPU, threads, samples, SamplingDefaults.HYPOTHESES, 1).load(bundle);
      try (OnnxModel model = again.model()) {
        bareBefore.put(config.strip(), bare(model, 1).framesPerSecond());
      }
      runs.addAll(bench.run(config.strip(), frames, steady, steadySeconds));
    }
    double bare = stats.get(0).framesPerSecond();
    out.printf(Locale.ROOT, "%n(c) end to end through the embedded broker (exactly-once, read_committed; latency is"
        + " capture -> emit, `visible` capture -> read by a read_committed consumer, `app` the app's own time"
        + " per frame; `of (a)` against (a) measured again just before that configuration):%n%n"
        + "| configuration | load | frames | frames/s | of (a) | p50 ms | p95 ms | p99 ms | visible p50 | visible p99"
        + " | app p50 ms | mean batch | ONNX calls by batch size |%n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
    for (EndToEndBench.Run r : runs) {
      String load = Double.isNaN(r.offeredPerSecond()) ? "backlog"
          : String.format(Locale.ROOT, "steady %.0f/s", r.offeredPerSecond());
      out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.0f%% | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f | %s |%n",
          r.config(), load, r.frames(), r.framesPerSecond(), 100 * r.framesPerSecond() / bareBefore.get(r.config()),
          r.p50(), r.p95(), r.p99(), r.visibleP50(), r.visibleP99(), r.appP50(), r.meanBatch(), r.batchHistogram());
    }
    out.println();
    for (EndToEndBench.Run r : runs) {
      if (!r.cpu().isEmpty()) {
        out.printf(Locale.ROOT, "(a) just before %s: %.1f frames/s; CPU of its backlog run: %s%n", r.config(),
            bareBefore.get(r.config()), r.cpu());
      }
    }
    long rss = residentKiB();
    out.printf(Locale.ROOT, "%npipeline / bare: %.0f%%; cached head / naive head: %.2fx; resident memory (peak): %.0f MiB%n",
        100 * stats.get(1).framesPerSecond() / bare,
        stats.get(2).framesPerSecond() / stats.get(3).framesPerSecond(), rss / 1024.0);
    return 0;
  }

  /** (a): the two graphs on {@code batch} inputs per call; frames/s counts inputs, latency is per call. */
  private Stat bare(OnnxModel model, int batch) {
    int d = model.bundle().targetDim();
    float[] x = new float[model.bundle().inputSize() * batch];
    MixtureSampler mixture = new MixtureSampler(model.bundle().components(), d);
    SampleNoise noise = FrameNoise.of("bench", 0, samples, d, 0);
    ProposalParameters q = model.proposal(x, batch);
    float[] ys = new float[batch * samples * d];
    for (int b = 0; b < batch; b++) {
      mixture.sample(q, b, noise.uniforms(), noise.normals(), ys, b * samples * d);
    }
    String name = batch == 1 ? "(a) bare ONNX Runtime: per-input + per-sample graph"
        : "(a) bare ONNX Runtime, " + batch + " frames per call (latency per call)";
    Stat s = time(name, Math.max(10, frames / batch), i -> {
      ProposalParameters p = model.proposal(x, batch);
      model.energies(p.projection(), ys, batch, samples);
    });
    return new Stat(s.name(), s.framesPerSecond() * batch, s.p50(), s.p95());
  }

  /** Mean time per frame of each pipeline stage, from the pipeline's own stage timers. */
  private static String stages(SimpleMeterRegistry registry) {
    List<String> parts = new ArrayList<>();
    for (var timer : registry.find("ebm.stage.latency").timers()) {
      parts.add(String.format(Locale.ROOT, "%s %.2f", timer.getId().getTag("stage"),
          timer.mean(java.util.concurrent.TimeUnit.MICROSECONDS) / 1000));
    }
    parts.sort(java.util.Comparator.comparing(x -> x.startsWith("total")));
    return String.join(", ", parts);
  }

  private Stat pipeline(ImportanceSampler sampler, AvroSerde<Frame> serde, List<byte[]> values,
      SimpleMeterRegistry registry) {
    PipelineMetrics metrics = new PipelineMetrics(registry);
    try (Batcher batcher = new Batcher(sampler, 1, Duration.ZERO, size -> metrics.batch(sampler.model().bundle().manifest().task(), size))) {
      FramePipeline pipeline = BenchFrames.pipeline(serde, batcher, metrics);
      return time("(b) pipeline without Kafka: Avro + JPEG decode + preprocess + sampling + SNIS", frames, i -> {
        Outcome o = pipeline.handle("bench", values.get(i % values.size()));
        if (!(o instanceof Outcome.Predicted)) {
          throw new IllegalStateException("bench frame rejected: " + o);
        }
      });
    }
  }

  private List<Stat> heads(OnnxModel model) throws OrtException {
    Path naive = bundle.resolve(BundleLayout.NAIVE_ENERGY_GRAPH);
    if (!Files.isRegularFile(naive)) {
      throw new IllegalArgumentException(naive + " missing: export the bundle with trainer export --naive-head");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int d = model.bundle().targetDim();
    int h = model.bundle().manifest().projectionWidth();
    List<Stat> out = new ArrayList<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      try (OrtSession cached = env.createSession(model.bundle().energyGraph().toString(), options);
          OrtSession full = env.createSession(naive.toString(), options)) {
        long f = full.getInputInfo().get(GraphTensor.FEATURES.tensorName()).getInfo() instanceof ai.onnxruntime.TensorInfo t ? t.getShape()[1] : 512;
        float[] ys = new float[samples * d];
        Arrays.fill(ys, 0.3f);
        try (OnnxTensor y = OnnxTensor.createTensor(env, FloatBuffer.wrap(ys), new long[] {1, samples, d});
            OnnxTensor p = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[h]), new long[] {1, h});
            OnnxTensor feats = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[(int) f]), new long[] {1, f})) {
          out.add(time("(d) energy head with the cached x-projection", frames,
              i -> run(cached, Map.of(GraphTensor.PROJECTION.tensorName(), p, GraphTensor.SAMPLES.tensorName(), y))));
          out.add(time("(d) naive energy head, FC(concat(h_x, h_y)) per sample", frames,
              i -> run(full, Map.of(GraphTensor.FEATURES.tensorName(), feats, GraphTensor.SAMPLES.tensorName(), y))));
        }
      }
    }
    return out;
  }

  private static void run(OrtSession session, Map<String, OnnxTensor> inputs) {
    try (OrtSession.Result r = session.run(inputs)) {
      r.get(0);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Step {
    void run(int i) throws Exception;
  }

  private static Stat time(String name, int n, Step step) {
    try {
      for (int i = 0; i < Math.min(20, n); i++) {
        step.run(i);
      }
      double[] ms = new double[n];
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        step.run(i);
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(ms);
      return new Stat(name, n / seconds, EndToEndBench.pct(ms, 0.5), EndToEndBench.pct(ms, 0.95));
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
    }
  }

  private static long residentKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
