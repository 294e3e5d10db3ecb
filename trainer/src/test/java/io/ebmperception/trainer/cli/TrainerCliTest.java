package io.ebmperception.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.trainer.export.BundleWriter;
import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.bundle.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TrainerCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpExplainsTheCommandsAndFlags() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("train", "evaluate", "export", "render").doesNotContain("reproduce");
    assertThat(run("train", "--help")).isZero();
    assertThat(out.toString()).contains("--method", "nce+kl", "--sigma1", "--samples", "Default: 1024");
  }

  @Test
  void userMistakesEndInOneLine() {
    assertThat(run("train", "--method", "magic")).isEqualTo(2);
    assertThat(run("train", "--no-such-flag")).isEqualTo(2);
    assertThat(run("train", "--epochs", "0")).isEqualTo(2);
    assertThat(run("train", "--data", "does-not-exist.csv")).isEqualTo(2);
    assertThat(run("evaluate", "--run", "no-such-run")).isEqualTo(2);
    assertThat(run("train", "--resume", "no-such-run")).isEqualTo(2);
    assertThat(run("train", "--resume", "no-such-run", "--epochs", "3")).isEqualTo(2);
    assertThat(run("train", "--data", "toy1", "--image-size", "4")).isEqualTo(2);
    assertThat(err.toString().lines().toList()).containsExactly(
        "error: unknown method 'magic'; choose one of nce, ml-is, nce+kl, ml-is+kl, mdn-nll, mdn-teacher",
        "error: Unknown option: '--no-such-flag' (see: trainer train --help)",
        "error: epochs must be >= 1, got 0",
        "error: --data does-not-exist.csv: no such file, and not a built-in task (toy1, toy2, roads[-N], heads[-N])",
        "error: no-such-run is not a run folder (no config.json)",
        "error: no-such-run is not a run folder (no config.json)",
        "error: --resume continues a run with its own settings; drop --epochs",
        "error: --image-size must be between 8 and 1024 pixels, got 4");
  }

  @Test
  void malformedCsvNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "x,y\n1,2\n3,oops\n");
    assertThat(run("train", "--data", csv.toString(), "--no-progress")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo(
        "error: " + csv + ":3: column \"y\" holds \"oops\", expected a finite number");
  }

  @Test
  void trainEvaluateAndExportARun(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    assertThat(run("train", "--data", "toy2", "--epochs", "1", "--samples", "16", "-K", "2",
        "--no-progress", "--output", run.toString())).isZero();
    assertThat(out.toString()).contains("test_nll_ebm = ", "test_nll_mdn = ", "steps/s");
    for (String f : new String[] {"config.json", "metrics.json", "loss.csv", "checkpoints/final.params",
        "bundle/manifest.json", "bundle/input.onnx", "bundle/energy.onnx", "plots/loss.png",
        "plots/ebm-density.png", "plots/mdn-density.png"}) {
      assertThat(run.resolve(f)).isRegularFile();
    }
    Manifest manifest = BundleLayout.readManifest(run.resolve("bundle"));
    assertThat(manifest.method()).isEqualTo("nce+kl");
    assertThat(manifest.components()).isEqualTo(2);
    assertThat(manifest.target().gridPoints()).isEqualTo(8192);
    assertThat(manifest.metrics()).containsKeys("test_nll_ebm", "test_nll_mdn");

    assertThat(run("evaluate", "--run", run.toString())).isZero();
    assertThat(run.resolve("evaluation-final.json")).isRegularFile();
    assertThat(run("export", "--run", run.toString(), "--output", dir.resolve("b").toString())).isZero();
    assertThat(dir.resolve("b/input.onnx")).isRegularFile();
    assertThat(BundleLayout.readManifest(dir.resolve("b")).metrics()).isEqualTo(manifest.metrics());
  }

  @Test
  void trainsOnTheCcganHdf5FormatIntoAnImageBundle(@TempDir Path dir) throws Exception {
    Path h5 = Path.of(getClass().getResource("/fixtures/SteeringAngle_tiny.h5").toURI());
    Path run = dir.resolve("run");
    assertThat(run("train", "--data", h5.toString(), "--epochs", "1", "--samples", "8", "-K", "2",
        "--no-progress", "--output", run.toString())).isZero();
    Manifest manifest = BundleLayout.readManifest(run.resolve("bundle"));
    assertThat(manifest.input().layout()).isEqualTo("chw-rgb");
    assertThat(manifest.input().shape()).containsExactly(3L, 64L, 64L);
    assertThat(manifest.target().names()).containsExactly("label");
    assertThat(manifest.training().trainingPairs()).isEqualTo(4);
  }

  @Test
  void renderWritesAVideoWithLabelsThatFfmpegReadsBack(@TempDir Path dir) throws Exception {
    assertThat(run("render", "heads", "--format", "mp4", "--frames", "12", "--size", "64",
        "--output", dir.toString(), "--no-progress")).isZero();
    assertThat(Files.readAllLines(dir.resolve("labels.csv")))
        .hasSize(13).first().isEqualTo("frame,yaw,pitch,roll");
    int frames = 0;
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber =
        new org.bytedeco.javacv.FFmpegFrameGrabber(dir.resolve("heads.mp4").toFile())) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(64);
      while (grabber.grabImage() != null) {
        frames++;
      }
    }
    assertThat(frames).isEqualTo(12);
  }

  @Test
  void videosKeepTheirColours(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("colours.mp4");
    try (io.ebmperception.trainer.scenes.VideoEncoder video =
        new io.ebmperception.trainer.scenes.VideoEncoder(file, 64, 64, 10)) {
      java.awt.image.BufferedImage image =
          new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          image.setRGB(x, y, x < 32 ? 0xE02010 : 0x1020E0); // red left, blue right
        }
      }
      for (int i = 0; i < 3; i++) {
        video.write(image);
      }
    }
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      java.awt.image.BufferedImage back = new org.bytedeco.javacv.Java2DFrameConverter().convert(grabber.grabImage());
      int left = back.getRGB(10, 30);
      int right = back.getRGB(54, 30);
      assertThat((left >> 16) & 0xff).isGreaterThan(180);
      assertThat(left & 0xff).isLessThan(60);
      assertThat(right & 0xff).isGreaterThan(180);
      assertThat((right >> 16) & 0xff).isLessThan(60);
    }
  }

  @Test
  void renderRefusesLayoutsThatCannotHoldTheTargets(@TempDir Path dir) {
    assertThat(run("render", "heads", "--format", "h5", "--output", dir.toString())).isEqualTo(2);
    assertThat(run("render", "roads", "--format", "gif", "--output", dir.toString())).isEqualTo(2);
    assertThat(run("render", "cats", "--output", dir.toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList()).containsExactly(
        "error: h5 holds one label per image (the CcGAN layout); use npz or folder for heads",
        "error: unknown format 'gif'; choose frames, mp4, folder, h5 or npz",
        "error: unknown scene 'cats'; available: roads, heads");
  }
}
