package io.ebmperception.trainer.cli;

import io.ebmperception.trainer.scenes.SceneDatasetWriter;
import io.ebmperception.trainer.scenes.SyntheticScenes;
import io.ebmperception.trainer.data.VectorProblems;
import io.ebmperception.trainer.scenes.VideoEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import io.ebmperception.trainer.run.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer render}: synthetic recordings for replay and synthetic datasets for training. */
@Command(name = "render", mixinStandardHelpOptions = true,
    header = "Render synthetic drives or heads: recordings (mp4, PNG) or datasets.",
    description = {
      "Scenes: roads (steering angle, with forks) or heads (yaw, pitch, roll, with hooded,",
      "near-symmetric subjects).",
      "Recordings move smoothly like a drive or a turning head and come with labels.csv",
      "(frame,<targets>) for the stream app's replay and evaluate:",
      "  --format frames  numbered PNG frames (default)",
      "  --format mp4     one MPEG-4 video, <scene>.mp4",
      "Datasets are independent random samples in the layouts the trainer reads:",
      "  --format folder  PNG images + labels.csv with a file column",
      "  --format h5      CcGAN HDF5 (images N×3×H×W, labels N), roads only",
      "  --format npz     FSA-Net BIWI npz (image N×H×W×3, pose N×3), heads only"
    })
final class RenderCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENE", description = "What to render: roads or heads, or "
      + "vectors (generated table problems sine, branches and arm as train/test CSVs; --output only).")
  String scene;

  @Option(names = "--format", defaultValue = "frames", paramLabel = "frames|mp4|folder|h5|npz",
      description = "Output layout (see above). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = {"--frames", "--count"}, paramLabel = "N",
      description = "Frames of a recording or images of a dataset. Default: 300 frames, 1000 images.")
  Integer count;

  @Option(names = "--size", paramLabel = "PIXELS",
      description = "Width and height. Default: 256 for recordings, 64 for datasets.")
  Integer size;

  @Option(names = "--fps", defaultValue = "15", description = "Frame rate of an mp4. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    if ("vectors".equals(scene)) {
      VectorProblems.writeAll(output, seed);
      spec.commandLine().getOut().println("wrote " + VectorProblems.NAMES + " (train and test CSVs) to " + output);
      return 0;
    }
    SyntheticScenes scenes = SyntheticScenes.of(scene);
    boolean recording = "frames".equals(format) || "mp4".equals(format);
    if (!recording && !List.of("folder", "h5", "npz").contains(format)) {
      throw new IllegalArgumentException("unknown format '" + format + "'; choose frames, mp4, folder, h5 or npz");
    }
    int n = count != null ? count : recording ? 300 : 1000;
    int side = size != null ? size : recording ? 256 : 64;
    if (n < 1 || side < 8 || side > 4096) {
      throw new IllegalArgumentException("need --frames/--count >= 1 and --size in [8, 4096]");
    }
    if ("h5".equals(format) && scenes.targetNames().size() != 1) {
      throw new IllegalArgumentException("h5 holds one label per image (the CcGAN layout); use npz or folder for heads");
    }
    if ("npz".equals(format) && scenes.targetNames().size() != 3) {
      throw new IllegalArgumentException("npz holds three pose angles per image (the BIWI layout); use h5 or folder for roads");
    }
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + output, e);
    }
    String written = recording ? recording(scenes, n, side) : dataset(scenes, n, side);
    spec.commandLine().getOut().println(written);
    return 0;
  }

  private String recording(SyntheticScenes scenes, int frames, int side) {
    IntFunction<SyntheticScenes.Sample> sequence = scenes.sequence(seed, side, side);
    StringBuilder labels = new StringBuilder("frame,").append(String.join(",", scenes.targetNames())).append('\n');
    Path video = output.resolve(scenes.id() + ".mp4");
    try (Progress.Steps bar = progress("render " + scenes.id(), frames);
        VideoEncoder encoder = "mp4".equals(format) ? new VideoEncoder(video, side, side, fps) : null) {
      for (int i = 0; i < frames; i++) {
        SyntheticScenes.Sample s = sequence.apply(i);
        if (encoder != null) {
          encoder.write(s.image());
        } else {
          ImageIO.write(s.image(), "png", output.resolve(String.format(Locale.ROOT, "frame-%05d.png", i)).toFile());
        }
        labels.append(i);
        for (float v : s.target()) {
          labels.append(',').append(String.format(Locale.ROOT, "%.4f", v));
        }
        labels.append('\n');
        step(bar);
      }
      Files.writeString(output.resolve("labels.csv"), labels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + output, e);
    }
    return "mp4".equals(format)
        ? String.format(Locale.ROOT, "wrote %s (%d frames, %.0f fps) and labels.csv", video, frames, fps)
        : String.format(Locale.ROOT, "wrote %d frames and labels.csv to %s", frames, output);
  }

  private String dataset(SyntheticScenes scenes, int n, int side) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<SyntheticScenes.Sample> samples = new ArrayList<>(n);
    try (Progress.Steps bar = progress("render " + scenes.id(), n)) {
      for (int i = 0; i < n; i++) {
        samples.add(scenes.sample(rng, side, side));
        step(bar);
      }
    }
    String base = String.format(Locale.ROOT, "%s_%dx%d", scenes.id(), side, side);
    Path target = switch (format) {
      case "h5" -> output.resolve(base + ".h5");
      case "npz" -> output.resolve(base + ".npz");
      default -> output;
    };
    switch (format) {
      case "h5" -> SceneDatasetWriter.writeH5(target, samples);
      case "npz" -> SceneDatasetWriter.writeNpz(target, samples);
      default -> SceneDatasetWriter.writeFolder(target, samples, scenes.targetNames());
    }
    String trainWith = "folder".equals(format) ? target.resolve("labels.csv").toString() : target.toString();
    return String.format(Locale.ROOT, "wrote %d images of %d×%d to %s%ntrain on it: train --data %s%s",
        n, side, side, target, trainWith,
        "folder".equals(format) ? " --y-columns " + String.join(",", scenes.targetNames()) : "");
  }

  private Progress.Steps progress(String task, int total) {
    return noProgress ? null : Progress.steps(task, total);
  }

  private static void step(Progress.Steps bar) {
    if (bar != null) {
      bar.step();
    }
  }
}
