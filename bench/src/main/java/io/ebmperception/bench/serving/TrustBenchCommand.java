package io.ebmperception.bench.serving;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.trainer.scenes.SyntheticScenes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-trust}: does the trust verdict in every prediction separate the inputs a model was
 * trained for from those it was never meant for? Unseen recordings of the model's own task (the
 * false-alarm rate) and six kinds of foreign recordings ({@link ForeignInputs}) go through the
 * app's pipeline as MPEG-4 recordings replayed as JPEG frames; per kind, the share judged
 * untrusted, the AUROC of the out-of-distribution score against the unseen in-distribution
 * frames, and the two signals behind it.
 */
@Command(name = "bench-trust", mixinStandardHelpOptions = true,
    description = {"The trust verdict of a synthetic-task bundle on unseen recordings of its task and on six kinds",
        "of foreign input, through the app's pipeline: untrusted share, AUROC, log Z and ESS; a Markdown table."})
public final class TrustBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "A bundle trained on roads or heads.")
  Path bundle;

  @Option(names = "--frames", defaultValue = "200", description = "Frames per recording. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--size", defaultValue = "256", description = "Side of the recordings. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--recording-seeds", split = ",", defaultValue = "7,11,12",
      description = "Seeds of the unseen in-distribution recordings (7: the demo's). Default: ${DEFAULT-VALUE}.")
  List<Long> seeds;

  @Option(names = "--samples", defaultValue = "" + SamplingDefaults.SAMPLES, description = "M. Default: ${DEFAULT-VALUE}.")
  int samples;

  private record Row(String name, List<Prediction> predictions) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelBundle model = ModelBundle.load(bundle);
    if (model.manifest().trust() == null) {
      throw new IllegalArgumentException(bundle + " has no trust thresholds (a bundle trained before they existed, "
          + "or without a validation split); retrain or export it again");
    }
    String task = model.manifest().task();
    SyntheticScenes scenes = task.equals(SyntheticScenes.HEADS.task()) ? SyntheticScenes.HEADS : SyntheticScenes.ROADS;
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    Path tmp = Files.createTempDirectory("ebm-bench-trust");
    List<Row> inside = new ArrayList<>();
    List<Row> foreign = new ArrayList<>();
    try {
      for (long seed : seeds) {
        inside.add(new Row("unseen " + scenes.id() + " recording, seed " + seed,
            serve(scenes.sequence(seed, size, size), tmp.resolve("in-" + seed + ".mp4"), task, serde)));
      }
      for (ForeignInputs kind : ForeignInputs.all()) {
        foreign.add(new Row(kind.description(), serve(kind.frames(size, scenes, null),
            tmp.resolve(kind.name() + ".mp4"), task, serde)));
      }
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(tmp);
    }
    double[] inScores = inside.stream().flatMap(r -> r.predictions().stream()).mapToDouble(Prediction::getOodScore).toArray();
    var trust = model.manifest().trust();
    out.printf(Locale.ROOT, "%s (%s), M = %d, %d frames of %d px a row; thresholds from %d validation inputs at M = %d, "
        + "declared false-alarm rate %.0f%%%n%n", bundle, task, samples, frames, size, trust.validationInputs(),
        trust.samples(), 100 * trust.falseAlarmRate());
    out.println("| input | untrusted | AUROC against the unseen in-distribution frames | log Z p5 / p50 / p95 | ESS / M p50 | σ p50 (first dimension) |");
    out.println("|---|---|---|---|---|---|");
    for (Row r : inside) {
      out.println(line(r, "(in distribution: the false-alarm rate)"));
    }
    for (Row r : foreign) {
      double[] scores = r.predictions().stream().mapToDouble(Prediction::getOodScore).toArray();
      out.println(line(r, String.format(Locale.ROOT, "%.3f", auroc(scores, inScores))));
    }
    return 0;
  }

  private List<Prediction> serve(IntFunction<SyntheticScenes.Sample> recording, Path video, String task,
      AvroSerde<Frame> serde) {
    List<byte[]> values = ImagePathBenchCommand.recorded(recording, frames, size, video, task, serde);
    return BenchFrames.pass(BenchFrames.appDefaultSampler(bundle, samples), values, serde).predictions();
  }

  private static String line(Row r, String auroc) {
    List<Prediction> p = r.predictions();
    long untrusted = p.stream().filter(x -> Boolean.FALSE.equals(x.getTrusted())).count();
    double[] logZ = p.stream().mapToDouble(Prediction::getLogPartition).sorted().toArray();
    double[] ess = p.stream().mapToDouble(x -> x.getEffectiveSampleSize() / x.getSamples()).sorted().toArray();
    double[] sd = p.stream().mapToDouble(x -> Math.sqrt(Math.max(0, x.getCovariance().get(0)))).sorted().toArray();
    return String.format(Locale.ROOT, "| %s | %d of %d (%.1f%%) | %s | %.1f / %.1f / %.1f | %.2f | %.2f |", r.name(),
        untrusted, p.size(), 100.0 * untrusted / p.size(), auroc, pct(logZ, 0.05), pct(logZ, 0.5), pct(logZ, 0.95),
        pct(ess, 0.5), pct(sd, 0.5));
  }

  /** P(a foreign score > an in-distribution score) + half the ties: the area under the ROC curve. */
  static double auroc(double[] foreign, double[] inside) {
    double[] sorted = inside.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double s : foreign) {
      int below = lowerBound(sorted, s);
      int notAbove = upperBound(sorted, s);
      sum += below + 0.5 * (notAbove - below);
    }
    return sum / ((double) foreign.length * inside.length);
  }

  private static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double pct(double[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
