package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.cli.StreamCli;
import io.ebmperception.trainer.cli.TrainerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Guards the figures a new user's first run shows. The steering demo model is trained once with the
 * recipe {@code ./ebm demo} uses ({@code train --demo steering}); the demo's own drive is rendered
 * as the launcher renders it ({@code render roads --format mp4 --frames 300}) and replayed
 * {@code --fast}: its MAE and 90% coverage must stay within a margin of what they measured when
 * the trainer and the app were given one image path (MAE 4.24, of which fork frames, where the mean
 * sits between the two branches, carry most; coverage 84.0%; before that change 4.28 and 46.7%, an
 * 8-epoch recipe 5.47 and 62.7%), and few of its frames may be judged untrusted. A recording the
 * model was never meant for (the head-pose camera) must be judged untrusted (100% measured).
 */
class DemoFiguresIT {
  private static final double MAX_MAE = 5.0;
  private static final double MIN_COVERAGE = 0.78;
  /**
   * The demo drive's frames judged untrusted at the declared 5%: 24.3% measured here (33.0% in
   * bench-trust, with other sampling noise), far above the declared rate (its near-straight frames
   * are the least typical; BENCHMARKS.md, "Trust verdicts"). A guard against it getting worse, not
   * a claim that it is right.
   */
  private static final double MAX_UNTRUSTED_IN_DISTRIBUTION = 0.4;
  private static final double MIN_UNTRUSTED_FOREIGN = 0.9;

  @TempDir
  static Path dir;

  @BeforeAll
  static void trainTheDemoModel() {
    run(TrainerCli.commandLine(), "train", "--demo", "steering", "--threads", "2", "--no-progress",
        "--output", dir.resolve("steering").toString());
  }

  @Test
  void theDemoModelOnItsOwnDriveKeepsItsAccuracyCoverageAndTrust() {
    Path recording = dir.resolve("roads-recording");
    run(TrainerCli.commandLine(), "render", "roads", "--format", "mp4", "--frames", "300", "--no-progress",
        "--output", recording.toString());
    String out = demo("drive", recording.resolve("roads.mp4"), recording.resolve("labels.csv"));
    assertThat(out).contains("replayed 300 frames (300 acknowledged by the broker): 300 predictions, 0 dead letters");
    double mae = number(out, "MAE: ([0-9.]+)");
    double coverage = number(out, "90% interval coverage: ([0-9.]+)%") / 100;
    double untrusted = number(out, "predictions untrusted \\(([0-9.]+)%\\)") / 100;
    System.out.printf("demo drive: MAE %.3f, 90%% coverage %.1f%%, untrusted %.1f%%%n", mae, 100 * coverage,
        100 * untrusted);
    assertThat(mae).as("demo MAE%n%s", out).isLessThanOrEqualTo(MAX_MAE);
    assertThat(coverage).as("demo 90%% coverage%n%s", out).isGreaterThanOrEqualTo(MIN_COVERAGE);
    assertThat(untrusted).as("untrusted share of the demo drive%n%s", out).isLessThanOrEqualTo(MAX_UNTRUSTED_IN_DISTRIBUTION);
    assertThat(out).contains("coverage of the EBM's central 50 / 80 / 90 / 95% intervals:");
  }

  /**
   * A deployment recalibrates the demo model on a drive it recorded (seed 10) and serves a drive
   * neither saw (seed 8): the recalibrated bundle's 90% intervals must cover 80-95% of its labels
   * (the target for unseen recordings; 87.0% measured through recalibrate's own path, T = 0.72).
   */
  @Test
  void aRecalibrationOnOneRecordedDriveKeepsAnotherDriveCovered() throws Exception {
    Path recorded = dir.resolve("drive-10");
    Path unseen = dir.resolve("drive-8");
    run(TrainerCli.commandLine(), "render", "roads", "--format", "mp4", "--frames", "300", "--seed", "10",
        "--no-progress", "--output", recorded.toString());
    run(TrainerCli.commandLine(), "render", "roads", "--format", "mp4", "--frames", "300", "--seed", "8",
        "--no-progress", "--output", unseen.toString());
    Path recalibrated = dir.resolve("recalibrated");
    String fit = run(StreamCli.commandLine(), "recalibrate", "--bundle", dir.resolve("steering/bundle").toString(),
        "--video", recorded.resolve("roads.mp4").toString(), "--labels", recorded.resolve("labels.csv").toString(),
        "--output", recalibrated.toString());
    assertThat(fit).contains("roads.mp4, 300 frames", "wrote steering-");
    var manifest = io.ebmperception.schemas.bundle.BundleLayout.readManifest(recalibrated);
    Matcher left = Pattern.compile("(\\d+) of 300 inputs judged untrusted").matcher(fit);
    int untrusted = left.find() ? Integer.parseInt(left.group(1)) : 0;
    assertThat(manifest.calibration().inputs()).as("the trusted frames it was fitted on%n%s", fit)
        .isEqualTo(300 - untrusted);
    assertThat(manifest.calibration().previousVersion())
        .isEqualTo(io.ebmperception.schemas.bundle.BundleLayout.readManifest(dir.resolve("steering/bundle")).version());

    String out = demo("recalibrated", recalibrated, unseen.resolve("roads.mp4"), unseen.resolve("labels.csv"));
    double coverage = number(out, "90% interval coverage: ([0-9.]+)%") / 100;
    System.out.printf("drive 8 served by the model recalibrated on drive 10 (T = %.3f): 90%% coverage %.1f%%%n",
        manifest.servingTemperature(), 100 * coverage);
    assertThat(coverage).as("90%% coverage of an unseen drive after a recalibration%n%s%n%s", fit, out)
        .isBetween(0.80, 0.95);
  }

  @Test
  void aCameraTheModelWasNeverMeantForIsJudgedUntrusted() {
    Path heads = dir.resolve("heads-recording");
    run(TrainerCli.commandLine(), "render", "heads", "--format", "mp4", "--frames", "100", "--no-progress",
        "--output", heads.toString());
    String out = demo("heads", heads.resolve("heads.mp4"), null);
    double untrusted = number(out, "predictions untrusted \\(([0-9.]+)%\\)") / 100;
    System.out.printf("head-pose recording served by the steering model: untrusted %.1f%%%n", 100 * untrusted);
    assertThat(untrusted).as("untrusted share of a foreign recording%n%s", out).isGreaterThanOrEqualTo(MIN_UNTRUSTED_FOREIGN);
    assertThat(out).contains("UNTRUSTED (ood ");
  }

  private static String demo(String name, Path video, Path labels) {
    return demo(name, dir.resolve("steering").resolve("bundle"), video, labels);
  }

  private static String demo(String name, Path bundle, Path video, Path labels) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("demo", "--bundle",
        bundle.toString(), "--video", video.toString(), "--fast",
        "--plot", dir.resolve(name + ".png").toString(),
        "--set", "embedded.data.dir=" + dir.resolve("kafka-" + name), "--set", "state.dir=" + dir.resolve("streams-" + name),
        "--set", "model.reload.interval.s=0"));
    if (labels != null) {
      args.addAll(java.util.List.of("--labels", labels.toString()));
    }
    return run(StreamCli.commandLine(), args.toArray(String[]::new));
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    assertThat(code).as("%s%n%s%n%s", String.join(" ", args), out, err).isZero();
    return out.toString();
  }
}
