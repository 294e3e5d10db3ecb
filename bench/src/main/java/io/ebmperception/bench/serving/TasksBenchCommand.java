package io.ebmperception.bench.serving;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.sampling.SamplingDefaults;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-tasks}: several models in one app against each alone. For each bundle (one per task)
 * the app serves it alone, then all of them at once with the tasks' frames interleaved on one
 * frames topic; each run has a backlog (throughput) and a steady load of {@code --fps} frames/s per
 * task (the latency a camera sees), and the table splits every run by the task that answered.
 * Runs alternate {@code --repeats} times, alone and together side by side, so that a shared
 * machine's drift shows as spread rather than as a difference.
 */
@Command(name = "bench-tasks", mixinStandardHelpOptions = true,
    description = {"Throughput and latency of an app serving several tasks (one bundle each, frames routed by task)",
      "against the app serving each task alone, through the embedded broker."})
public final class TasksBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR",
      description = "A bundle to serve; give one per task (at least two), each with its --video, in the same order.")
  List<Path> bundles;

  @Option(names = "--video", required = true, paramLabel = "VIDEO|FOLDER",
      description = "A recording of the task of the --bundle in the same position.")
  List<Path> videos;

  @Option(names = "--frames", defaultValue = "300", description = "Backlog frames per task. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--fps", defaultValue = "15", description = "Steady load per task, frames/s. Default: ${DEFAULT-VALUE}.")
  double fps;

  @Option(names = "--steady-seconds", defaultValue = "10", description = "Length of the steady load. Default: ${DEFAULT-VALUE}.")
  double steadySeconds;

  @Option(names = "--cameras", defaultValue = "2", description = "Cameras per task. Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--samples", defaultValue = "" + SamplingDefaults.SAMPLES, description = "M. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--repeats", defaultValue = "2", description = "Rounds of alone-then-together. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Override
  public Integer call() throws InterruptedException {
    if (bundles.size() < 2 || bundles.size() != videos.size()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give at least two --bundle DIR, each with its --video (got " + bundles.size() + " bundles and "
              + videos.size() + " videos)");
    }
    PrintWriter out = spec.commandLine().getOut();
    AvroSerde<Frame> serde = AvroSerde.frames(WireFormat.singleObject());
    List<String> tasks = new ArrayList<>();
    List<List<byte[]>> perTask = new ArrayList<>();
    for (int i = 0; i < bundles.size(); i++) {
      String task = ModelBundle.load(bundles.get(i)).manifest().task();
      tasks.add(task);
      perTask.add(BenchFrames.encode(videos.get(i), frames, task, null, serde));
    }
    List<byte[]> interleaved = new ArrayList<>();
    int shortest = perTask.stream().mapToInt(List::size).min().orElse(0);
    for (int k = 0; k < shortest; k++) {
      for (List<byte[]> values : perTask) {
        interleaved.add(values.get(k));
      }
    }
    AppConfig base = AppConfig.defaults().with(SharedSettings.EMBEDDED_PORT, 0).with(SharedSettings.HTTP_PORT, 0)
        .with(Settings.SAMPLES, samples).with(Settings.RELOAD_INTERVAL, 0);
    out.printf(Locale.ROOT, "%s, M = %d, %d camera(s) per task, backlog %d frames per task, steady %.0f frames/s per task"
        + " for %.0f s; latency is capture -> emit%n%n", String.join(" + ", tasks), samples, cameras, shortest, fps,
        steadySeconds);
    out.println("| round | served | load | answered by | frames | frames/s | p50 ms | p99 ms | app p50 ms |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    out.flush();
    for (int round = 1; round <= repeats; round++) {
      for (int i = 0; i < bundles.size(); i++) {
        EndToEndBench alone = new EndToEndBench(perTask.get(i), List.of(bundles.get(i)), base, cameras);
        print(out, round, tasks.get(i) + " alone", alone.run("default", shortest, new double[] {fps}, steadySeconds));
      }
      EndToEndBench together = new EndToEndBench(interleaved, bundles, base, cameras);
      print(out, round, String.join(" + ", tasks), together.run("default", interleaved.size(),
          new double[] {fps * bundles.size()}, steadySeconds));
    }
    return 0;
  }

  private static void print(PrintWriter out, int round, String served, List<EndToEndBench.Run> runs) {
    for (EndToEndBench.Run r : runs) {
      String load = Double.isNaN(r.offeredPerSecond()) ? "backlog"
          : String.format(Locale.ROOT, "steady %.0f/s", r.offeredPerSecond());
      for (Map.Entry<String, EndToEndBench.Task> t : r.byTask().entrySet()) {
        EndToEndBench.Task x = t.getValue();
        out.printf(Locale.ROOT, "| %d | %s | %s | %s | %d | %.1f | %.0f | %.0f | %.1f |%n", round, served, load, t.getKey(),
            x.frames(), x.framesPerSecond(), x.p50(), x.p99(), x.appP50());
      }
      if (r.byTask().size() > 1) {
        out.printf(Locale.ROOT, "| %d | %s | %s | all | %d | %.1f | %.0f | %.0f | %.1f |%n", round, served, load,
            r.frames(), r.framesPerSecond(), r.p50(), r.p99(), r.appP50());
      }
    }
    out.flush();
  }
}
