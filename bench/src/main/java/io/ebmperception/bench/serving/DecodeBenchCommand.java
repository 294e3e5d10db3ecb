package io.ebmperception.bench.serving;

import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.ingest.FrameSize;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import io.ebmperception.vision.ImageCodec;
import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.vision.Preprocessor;
import io.ebmperception.trainer.scenes.RoadScenes;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-decode}: what a camera-sized JPEG costs the app before inference, decoded at full
 * size against decoded at the reduced scale the model's input allows ({@code frame.decode.reduced}),
 * each followed by the app's preprocessing, and how much the model's input changes.
 */
@Command(name = "bench-decode", mixinStandardHelpOptions = true,
    description = {"Decode + preprocess time of HD JPEGs (synthetic road scenes) at full size and at the",
      "reduced scale frame.decode.reduced chooses, and the change to the model's input, as a Markdown table."})
public final class DecodeBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--sizes", split = ",", defaultValue = "640x480,1280x720,1920x1080",
      description = "Frame sizes WxH. Default: ${DEFAULT-VALUE}.")
  List<String> sizes;

  @Option(names = "--input", split = ",", defaultValue = "32,64",
      description = "Model input sides (px). Default: ${DEFAULT-VALUE}.")
  List<Integer> inputs;

  @Option(names = "--frames", defaultValue = "40", description = "Frames per size. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--rounds", defaultValue = "5", description = "Timed passes over the frames. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--quality", defaultValue = "0.9", description = "JPEG quality. Default: ${DEFAULT-VALUE}.")
  float quality;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    out.println("| frame | JPEG KB | model input | reduction | full decode+preprocess p50 / p95 ms | reduced p50 / p95 ms "
        + "| speed-up | input change: mean / max (8-bit levels) |");
    out.println("|---|---|---|---|---|---|---|---|");
    FrameLimits limits = new FrameLimits(8 << 20, 4096L * 4096);
    FrameDecoder full = new FrameDecoder(limits, false);
    FrameDecoder reduced = new FrameDecoder(limits, true);
    for (String size : sizes) {
      FrameSize frame = FrameSize.parse(size);
      int w = frame.width();
      int h = frame.height();
      List<Frame> camera = frames(w, h);
      double kb = camera.stream().mapToInt(f -> f.getBytes().remaining()).average().orElse(0) / 1024;
      for (int side : inputs) {
        Preprocessor pre = new Preprocessor(side, side, ImageNormalisation.IMAGENET);
        List<Double> fullMs = new ArrayList<>();
        List<Double> reducedMs = new ArrayList<>();
        double sum = 0;
        double max = 0;
        long n = 0;
        for (int round = 0; round < rounds + 1; round++) {
          for (Frame f : camera) {
            long t0 = System.nanoTime();
            float[] a = pre.apply(full.decode(f, side, side));
            long t1 = System.nanoTime();
            float[] b = pre.apply(reduced.decode(f, side, side));
            long t2 = System.nanoTime();
            if (round == 0) {
              for (int i = 0; i < a.length; i++) {
                // back to 8-bit levels: (v·scale − mean) / std → divide by scale / std
                double levels = Math.abs(a[i] - b[i]) * 0.224 * 255;
                sum += levels;
                max = Math.max(max, levels);
                n++;
              }
              continue; // the first pass warms up
            }
            fullMs.add((t1 - t0) / 1e6);
            reducedMs.add((t2 - t1) / 1e6);
          }
        }
        double fp50 = percentile(fullMs, 50);
        double rp50 = percentile(reducedMs, 50);
        out.printf(Locale.ROOT, "| %dx%d | %.0f | %d px | 1/%d | %.2f / %.2f | %.2f / %.2f | %.1fx | %.2f / %.1f |%n", w, h,
            kb, side, ImageCodec.reduction(w, h, side, side), fp50, percentile(fullMs, 95), rp50,
            percentile(reducedMs, 95), fp50 / rp50, sum / n, max);
      }
    }
    return 0;
  }

  /** Road scenes at {@code w} × {@code h} as JPEG frames. */
  private List<Frame> frames(int w, int h) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      BufferedImage image = RoadScenes.render(w, h, (float) (rng.nextDouble() * 40 - 20), RoadScenes.Style.random(rng));
      byte[] jpeg = Jpegs.encode(image, quality);
      out.add(FrameRecords.frame("bench", i, Instant.EPOCH, io.ebmperception.schemas.CaptureClock.READ, "steering", FrameEncoding.JPEG, w, h, jpeg, null));
    }
    return out;
  }

  private static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))];
  }
}
