package io.ebmperception.trainer.cli;

import io.ebmperception.trainer.data.RoadScenes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer render}: writes a recording of a synthetic drive for replay and evaluation. */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = {
      "Renders a smooth synthetic drive (road scenes whose steering angle varies like a real",
      "drive, with forks now and then) as numbered PNG frames and a labels.csv (frame,steering_deg)",
      "that the stream app replays and evaluates."
    })
final class RenderCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENE", description = "What to render: roads.")
  String scene;

  @Option(names = "--frames", defaultValue = "300", description = "Number of frames. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--size", defaultValue = "256", description = "Width and height in pixels. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the drive. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Override
  public Integer call() {
    if (!"roads".equals(scene)) {
      throw new IllegalArgumentException("unknown scene '" + scene + "'; available: roads");
    }
    if (frames < 1 || size < 8 || size > 4096) {
      throw new IllegalArgumentException("need frames >= 1 and size in [8, 4096]");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double phase = rng.nextDouble() * 2 * Math.PI;
    StringBuilder labels = new StringBuilder("frame,steering_deg\n");
    try {
      Files.createDirectories(output);
      RoadScenes.Style base = RoadScenes.Style.random(rng);
      for (int i = 0; i < frames; i++) {
        float angle = (float) (20 * Math.sin(2 * Math.PI * i / 120 + phase) + 6 * Math.sin(2 * Math.PI * i / 37));
        boolean fork = i % 90 >= 70;
        float light = (float) (base.light() * (0.9 + 0.1 * Math.sin(2 * Math.PI * i / 200)));
        RoadScenes.Style style = new RoadScenes.Style(light, base.grassTone(), base.clutter(),
            base.detailSeed() + i / 30, fork);
        float label = fork ? Math.abs(angle) : angle;
        ImageIO.write(RoadScenes.render(size, size, angle, style), "png",
            output.resolve(String.format(Locale.ROOT, "frame-%05d.png", i)).toFile());
        labels.append(i).append(',').append(String.format(Locale.ROOT, "%.4f", label)).append('\n');
      }
      Files.writeString(output.resolve("labels.csv"), labels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + output, e);
    }
    spec.commandLine().getOut().printf("wrote %d frames and labels.csv to %s%n", frames, output);
    return 0;
  }
}
