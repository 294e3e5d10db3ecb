package io.ebmperception.bench.serving;

import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.replay.FrameSource;
import io.ebmperception.stream.report.PredictionReport;
import io.ebmperception.stream.replay.SourceFrame;
import io.ebmperception.trainer.scenes.SyntheticScenes;
import io.ebmperception.trainer.scenes.VideoEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-image-path}: does a model see at serving time the pixels it was trained on? The same
 * fresh synthetic scenes rendered at several sizes go through the app's pipeline (decode,
 * reduced decoding, resize, inference; no Kafka) as lossless PNG frames and through an MPEG-4
 * recording replayed as JPEG frames, and so do whole drives (or turning heads) of several seeds;
 * each row gives MAE, Gaussian NLL and 90% coverage of the labels, and the error of the mode nearest
 * the label (at a fork of the roads the mean sits between two branches, and only a mode can be right).
 */
@Command(name = "bench-image-path", mixinStandardHelpOptions = true,
    description = {"Accuracy and 90%% coverage of a synthetic-task bundle on fresh scenes rendered at several sizes,",
        "as lossless frames and through an MPEG-4 recording, and on recordings of several seeds, all through",
        "the app's pipeline; prints a Markdown table."})
public final class ImagePathBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "A bundle trained on roads or heads.")
  Path bundle;

  @Option(names = "--frames", defaultValue = "300", description = "Scenes (and recording frames) per row. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--sizes", split = ",", paramLabel = "PX",
      description = "Render sizes of the scenes. Default: the model's side, twice it, and 256.")
  List<Integer> sizes;

  @Option(names = "--scene-seed", defaultValue = "99", description = "Seed of the fresh scenes. Default: ${DEFAULT-VALUE}.")
  long sceneSeed;

  @Option(names = "--recording-seeds", split = ",", defaultValue = "7,11,12",
      description = "Seeds of the recordings (7: the demo's). Default: ${DEFAULT-VALUE}.")
  List<Long> recordingSeeds;

  @Option(names = "--recording-size", defaultValue = "256", description = "Side of the recordings. Default: ${DEFAULT-VALUE}.")
  int recordingSize;

  @Option(names = "--samples", defaultValue = "" + SamplingDefaults.SAMPLES, description = "M. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--per-frame", paramLabel = "DIR",
      description = "Also write each row's predictions (frame, label, mean, sd per dimension) as a CSV into DIR.")
  Path perFrame;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelBundle model = ModelBundle.load(bundle);
    String task = model.manifest().task();
    SyntheticScenes scenes = task.equals(SyntheticScenes.HEADS.task()) ? SyntheticScenes.HEADS : SyntheticScenes.ROADS;
    int side = (int) model.manifest().input().shape()[1];
    List<Integer> renderSizes = sizes != null ? sizes : List.of(side, 2 * side, 256).stream().distinct().toList();
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    out.printf(Locale.ROOT, "%s (%s, %d px input), M = %d, %d frames a row%n%n", bundle, task, side, samples, frames);
    out.println("| input | MAE | MAE per dimension | Gaussian NLL | 90% coverage (mean ± 1.645 σ) "
        + "| coverage of the EBM's central 50 / 80 / 90 / 95% intervals | best-mode MAE |");
    out.println("|---|---|---|---|---|---|---|");
    Path tmp = Files.createTempDirectory("ebm-bench-image-path");
    try {
      for (int size : renderSizes) {
        List<SyntheticScenes.Sample> fresh = fresh(scenes, size);
        row(out, size + " px scenes, lossless PNG frames", png(fresh, task, serde), serde);
        row(out, size + " px scenes, MPEG-4 recording (JPEG frames)",
            recorded(fresh::get, fresh.size(), size, tmp.resolve("scenes-" + size + ".mp4"), task, serde), serde);
      }
      for (long seed : recordingSeeds) {
        IntFunction<SyntheticScenes.Sample> sequence = scenes.sequence(seed, recordingSize, recordingSize);
        row(out, String.format(Locale.ROOT, "recording seed %d%s, %d px MPEG-4 (JPEG frames)", seed,
                seed == 7 ? " (the demo's)" : "", recordingSize),
            recorded(sequence, frames, recordingSize, tmp.resolve("seed-" + seed + ".mp4"), task, serde), serde);
      }
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(tmp);
    }
    return 0;
  }

  private List<SyntheticScenes.Sample> fresh(SyntheticScenes scenes, int size) {
    SplittableRandom rng = new SplittableRandom(sceneSeed);
    List<SyntheticScenes.Sample> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      out.add(scenes.sample(rng, size, size));
    }
    return out;
  }

  private void row(PrintWriter out, String name, List<byte[]> values, AvroSerde<Frame> serde) {
    BenchFrames.Pass pass = BenchFrames.pass(BenchFrames.appDefaultSampler(bundle, samples), values, serde);
    PredictionReport r = PredictionReport.of(pass.predictions());
    if (perFrame != null) {
      writePerFrame(perFrame.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".csv"), pass.predictions());
    }
    String perDim = DoubleStream.of(r.maePerDimension()).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
        .collect(Collectors.joining(" / "));
    out.printf(Locale.ROOT, "| %s | %.3f | %s | %.3f | %.1f%% | %s | %.3f |%n", name, r.mae(), perDim, r.gaussianNll(),
        100 * r.coverage90(), pooled(r.intervalCoverage()), r.modes().bestModeMae());
    out.flush();
  }

  /** Coverage per level, pooled over the dimensions, as "48 / 79 / 88 / 93%". */
  private static String pooled(double[][] coverage) {
    if (coverage.length == 0) {
      return "–";
    }
    List<String> levels = new ArrayList<>();
    for (double[] level : coverage) {
      levels.add(String.format(Locale.ROOT, "%.1f", 100 * DoubleStream.of(level).average().orElse(Double.NaN)));
    }
    return String.join(" / ", levels) + "%";
  }

  private static List<byte[]> png(List<SyntheticScenes.Sample> samples, String task, AvroSerde<Frame> serde) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      SyntheticScenes.Sample s = samples.get(i);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      try {
        ImageIO.write(s.image(), "png", png);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      values.add(value(serde, task, i, FrameEncoding.PNG, s.image().getWidth(), s.image().getHeight(),
          png.toByteArray(), s.target()));
    }
    return values;
  }

  /** The frames as a recording written by {@code render --format mp4} and read back by replay. */
  static List<byte[]> recorded(IntFunction<SyntheticScenes.Sample> frames, int count, int size, Path video,
      String task, AvroSerde<Frame> serde) {
    List<float[]> labels = new ArrayList<>();
    try (VideoEncoder encoder = new VideoEncoder(video, size, size, 15)) {
      for (int i = 0; i < count; i++) {
        SyntheticScenes.Sample s = frames.apply(i);
        encoder.write(s.image());
        labels.add(s.target());
      }
    }
    List<byte[]> values = new ArrayList<>();
    try (FrameSource source = FrameSource.open(video, 15)) {
      while (source.hasNext()) {
        SourceFrame f = source.next();
        values.add(value(serde, task, f.index(), FrameEncoding.JPEG, f.width(), f.height(), f.jpeg(),
            labels.get((int) f.index())));
      }
    }
    return values;
  }

  private static byte[] value(AvroSerde<Frame> serde, String task, long index, FrameEncoding encoding, int width,
      int height, byte[] bytes, float[] label) {
    List<Float> y = null;
    if (label != null) {
      y = new ArrayList<>();
      for (float v : label) {
        y.add(v);
      }
    }
    return serde.serialize("bench", FrameRecords.frame("bench", index, Instant.now(), io.ebmperception.schemas.CaptureClock.READ, task, encoding, width, height,
        bytes, y));
  }

  private static void writePerFrame(Path file, List<io.ebmperception.schemas.Prediction> predictions) {
    StringBuilder csv = new StringBuilder("frame,dimension,label,mean,sd\n");
    for (io.ebmperception.schemas.Prediction p : predictions) {
      int d = p.getTargetDim();
      for (int k = 0; k < d; k++) {
        csv.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f%n", p.getSequence(), k, p.getLabel().get(k),
            p.getMean().get(k), Math.sqrt(p.getCovariance().get(k * d + k))));
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
