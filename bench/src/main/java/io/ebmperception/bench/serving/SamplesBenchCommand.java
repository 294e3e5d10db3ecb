package io.ebmperception.bench.serving;

import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.ModelLoader;
import io.ebmperception.stream.report.PredictionReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ebm bench-samples}: what the number of samples M buys. For each M, the labelled
 * recording goes through the app's pipeline (without Kafka) and the table gives accuracy (MAE of
 * the mean, Gaussian NLL of the label, 90% coverage), the importance-sampling efficiency
 * (ESS / M) and frames/s, so that an operator can choose M for a fleet.
 */
@Command(name = "bench-samples", mixinStandardHelpOptions = true,
    description = {"Accuracy, ESS and frames/s of the pipeline for several M on a labelled recording;",
        "prints a Markdown table. M is the main cost knob: the per-sample graph runs on M rows per frame."})
public final class SamplesBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  LabelledRecording recording;

  @Option(names = "--samples", split = ",", defaultValue = "128,256,512," + SamplingDefaults.SAMPLES,
      description = "Values of M. Default: ${DEFAULT-VALUE}.")
  int[] samples;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    List<byte[]> values = recording.frames(serde);
    out.printf(Locale.ROOT, "%s on %d frames of %s, %d ONNX thread(s), batch 1%n%n", recording.bundle, values.size(),
        recording.video.getFileName(), recording.threads);
    out.printf("| M | MAE | MAE per dimension | Gaussian NLL | 90%% coverage | ESS / M (p5 / p50) | frames/s | ms per frame (p50) |%n");
    out.printf("|---|---|---|---|---|---|---|---|%n");
    measure(values, serde, samples[0]); // warms the JIT on the whole path; not reported
    for (int m : samples) {
      Row r = measure(values, serde, m);
      List<String> perDim = new ArrayList<>();
      for (double v : r.report().maePerDimension()) {
        perDim.add(String.format(Locale.ROOT, "%.2f", v));
      }
      out.printf(Locale.ROOT, "| %d | %.3f | %s | %.3f | %.1f%% | %.2f / %.2f | %.1f | %.2f |%n", m, r.report().mae(),
          String.join(" / ", perDim), r.report().gaussianNll(), 100 * r.report().coverage90(),
          r.report().essPercentiles()[0] / m, r.report().essPercentiles()[1] / m, r.framesPerSecond(), r.p50Ms());
      out.flush();
    }
    return 0;
  }

  private record Row(PredictionReport report, double framesPerSecond, double p50Ms) {}

  private Row measure(List<byte[]> values, AvroSerde<Frame> serde, int m) {
    ImportanceSampler sampler = new ModelLoader(ExecutionProvider.CPU, recording.threads, m, SamplingDefaults.HYPOTHESES, 1).load(recording.bundle);
    BenchFrames.Pass pass = BenchFrames.pass(sampler, values, serde);
    double[] ms = pass.msPerFrame().clone();
    Arrays.sort(ms);
    return new Row(PredictionReport.of(pass.predictions()), pass.framesPerSecond(), EndToEndBench.pct(ms, 0.5));
  }
}
