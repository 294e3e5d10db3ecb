package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.TestBundles;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.cli.StreamCli;
import io.ebmperception.stream.replay.VideoWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo command as a user runs it, on a machine whose both cores are kept busy by a CPU burner,
 * twice on the same broker folder: each run waits for and counts exactly its own frames' answers
 * (an earlier build gave up after 8 s with "0 predictions" and exit 0, and counted the previous
 * run's predictions on the next one).
 */
class DemoRunIT {
  private static final int FRAMES = 40;

  @Test
  void eachRunUnderACpuBurnerCountsExactlyItsOwnFrames(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < FRAMES; i++) {
      Files.write(images.resolve(String.format("f-%03d.jpg", i)), TestFrames.jpeg(48, 32, i));
    }
    Path video = dir.resolve("drive.mp4");
    VideoWriter.encode(images, video, 15);
    Path bundle = TestBundles.steering16(dir.resolve("bundle"));
    AtomicBoolean burning = new AtomicBoolean(true);
    List<Thread> burners = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread t = new Thread(() -> {
        double x = 1;
        while (burning.get()) {
          x = Math.sin(x) + 1.0001;
        }
      }, "cpu-burner-" + i);
      t.setDaemon(true);
      t.start();
      burners.add(t);
    }
    try {
      for (int run = 1; run <= 2; run++) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = StreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("demo", "--bundle", bundle.toString(), "--video", video.toString(), "--fast",
            "--plot", dir.resolve("plot-" + run + ".png").toString(),
            "--set", "embedded.data.dir=" + dir.resolve("kafka"), "--set", "state.dir=" + dir.resolve("streams"),
            "--set", "samples=128", "--set", "hypotheses=4", "--set", "model.reload.interval.s=0");
        String text = out.toString();
        assertThat(code).as("run %d:%n%s%n%s", run, text, err).isZero();
        Matcher m = Pattern.compile("replayed (\\d+) frames \\((\\d+) acknowledged by the broker\\): (\\d+) predictions, "
            + "(\\d+) dead letters").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(List.of(m.group(1), m.group(2), m.group(3), m.group(4)))
            .as("run %d", run).containsExactly("" + FRAMES, "" + FRAMES, "" + FRAMES, "0");
      }
    } finally {
      burning.set(false);
      for (Thread t : burners) {
        t.join();
      }
    }
  }

  @Test
  void framesWithoutAnAnswerAreNamedAndTheExitCodeIsOne(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 10; i++) {
      Files.write(images.resolve(String.format("f-%03d.jpg", i)), TestFrames.jpeg(48, 32, i));
    }
    Path video = dir.resolve("drive.mp4");
    VideoWriter.encode(images, video, 15);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    // The partition buffers hold every frame for a minute: nothing is answered within the timeout.
    int code = cli.execute("demo", "--bundle", TestBundles.steering16(dir.resolve("bundle")).toString(), "--video",
        video.toString(), "--fast", "--timeout-seconds", "3", "--plot", dir.resolve("plot.png").toString(),
        "--set", "embedded.data.dir=" + dir.resolve("kafka"), "--set", "state.dir=" + dir.resolve("streams"),
        "--set", "samples=128", "--set", "hypotheses=4", "--set", "model.reload.interval.s=0",
        "--set", "batch.max=64", "--set", "partition.batching.wait.ms=60000");
    assertThat(code).as("%s%n%s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("replayed 10 frames (10 acknowledged by the broker): 0 predictions, 0 dead letters");
    assertThat(err.toString()).contains("error: 10 of 10 delivered frames got neither a prediction nor a dead letter",
        "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
  }

  @Test
  void aLiveCameraIsServedAndEveryFrameItPublishedIsAnswered(@TempDir Path dir) throws Exception {
    int port;
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0)) {
      port = socket.getLocalPort();
    }
    io.ebmperception.bench.serving.TestPatternCamera camera = new io.ebmperception.bench.serving.TestPatternCamera(port, 10)
        .start();
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = StreamCli.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute("demo", "--bundle", TestBundles.steering16(dir.resolve("bundle")).toString(),
          "--source", camera.url(), "--seconds", "6", "--fps", "10", "--plot", dir.resolve("plot.png").toString(),
          "--set", "embedded.data.dir=" + dir.resolve("kafka"), "--set", "state.dir=" + dir.resolve("streams"),
          "--set", "samples=128", "--set", "hypotheses=4", "--set", "model.reload.interval.s=0");
      assertThat(code).as("%s%n%s", out, err).isZero();
      Matcher m = Pattern.compile("replayed (\\d+) frames \\((\\d+) acknowledged by the broker\\): (\\d+) predictions, "
          + "(\\d+) dead letters").matcher(out.toString());
      assertThat(m.find()).as(out.toString()).isTrue();
      int delivered = Integer.parseInt(m.group(2));
      assertThat(delivered).as("frames read from the live camera in 6 s at 10 fps").isGreaterThan(20);
      assertThat(Integer.parseInt(m.group(3))).isEqualTo(delivered);
    } finally {
      camera.stop();
    }
  }

  /**
   * Tiny, grey, alpha and odd-sized images replay: a 32 x 32 folder crashed the replay thread
   * (JavaCV read the padded rows of the 32 px video as 6 channels, which the JPEG encoder refused).
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} x {1}, type {2}")
  @org.junit.jupiter.params.provider.CsvSource({"32, 32, 5", "33, 17, 10", "40, 30, 2"})
  void smallGreyAlphaAndOddSizedImageFoldersAreAllAnswered(int width, int height, int type, @TempDir Path dir)
      throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 8; i++) {
      java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height, type);
      java.awt.Graphics2D g = image.createGraphics();
      g.setColor(new java.awt.Color(40 + 20 * i, 120, 60, 200));
      g.fillRect(i, 0, width / 2, height);
      g.dispose();
      javax.imageio.ImageIO.write(image, "png", images.resolve(String.format("f-%03d.png", i)).toFile());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("demo", "--bundle", TestBundles.steering16(dir.resolve("bundle")).toString(), "--video",
        images.toString(), "--fast", "--plot", dir.resolve("plot.png").toString(),
        "--set", "embedded.data.dir=" + dir.resolve("kafka"), "--set", "state.dir=" + dir.resolve("streams"),
        "--set", "samples=128", "--set", "hypotheses=4", "--set", "model.reload.interval.s=0");
    assertThat(code).as("%s%n%s", out, err).isZero();
    assertThat(out.toString()).contains("replayed 8 frames (8 acknowledged by the broker): 8 predictions, 0 dead letters");
  }
}
