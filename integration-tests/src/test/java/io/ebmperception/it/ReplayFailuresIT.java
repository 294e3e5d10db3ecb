package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.TestBundles;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.cli.StreamCli;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.EmbeddedKafka;
import io.ebmperception.stream.ops.TopicAdmin;
import io.ebmperception.stream.topology.Topics;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code replay} against a real broker that refuses frames, and against no broker at all: every
 * frame is either acknowledged or reported with its index and reason, the exit code says which,
 * and an unreachable cluster ends the command within a bounded time in one line.
 */
class ReplayFailuresIT {
  @TempDir
  static Path dir;
  static EmbeddedKafka broker;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafka.start(dir.resolve("kafka"), 0);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  /** The outcome of one command line. */
  record Run(int exit, String out, String err, long millis) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  /** Three small frames with a large noisy one (a JPEG of several hundred kB) in the middle. */
  static Path recordingWithOneLargeFrame() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("recording"));
    Random random = new Random(3);
    int[] sides = {32, 600, 32, 32};
    for (int i = 0; i < sides.length; i++) {
      BufferedImage image = new BufferedImage(sides[i], sides[i], BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < sides[i]; y++) {
        for (int x = 0; x < sides[i]; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      ImageIO.write(image, "png", folder.resolve(String.format("%03d.png", i)).toFile());
    }
    return folder;
  }

  @Test
  void aFrameTheBrokerRefusesIsReportedWithItsIndexAndTheExitCodeIsOne() throws Exception {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin a = Admin.create(admin)) {
      a.createTopics(List.of(new NewTopic("small-frames", 1, (short) 1)
          .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "50000")))).all().get(30, TimeUnit.SECONDS);
    }
    Run run = cli("replay", recordingWithOneLargeFrame().toString(), "--fast", "--camera", "cam-r",
        "--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.frames=small-frames");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("sent 4 frames").contains("3 delivered, 1 not delivered")
        .contains("frame 1 not delivered: RecordTooLargeException");
    List<Frame> onTopic = new TopicReader<>(broker.bootstrapServers(), new Properties(),
        AvroSerde.frames(WireFormat.singleObject()))
        .read("small-frames", 3, Duration.ofSeconds(20), f -> { });
    assertThat(onTopic).extracting(Frame::getSequence).containsExactly(0L, 2L, 3L);
  }

  @Test
  void everyFrameDeliveredMeansExitCodeZero() throws Exception {
    TopicAdmin.ensure(broker.bootstrapServers(), new Properties(),
        new Topics("roomy-frames", "roomy-predictions", "roomy-dead"), 1, (short) 1, 8 << 20);
    Run run = cli("replay", recordingWithOneLargeFrame().toString(), "--fast", "--camera", "cam-s",
        "--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.frames=roomy-frames");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("4 delivered, 0 not delivered");
  }

  @Test
  void aMissingTopicIsNamedInOneLine() throws Exception {
    Run run = cli("replay", recordingWithOneLargeFrame().toString(), "--fast",
        "--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.frames=no-such-topic");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("error: topic no-such-topic does not exist").doesNotContain("\n");
  }

  @Test
  void anUnreachableClusterEndsTheReplayInOneLineWithinTheProbeTime() throws Exception {
    Run run = cli("replay", recordingWithOneLargeFrame().toString(), "--fast",
        "--bootstrap-servers", "localhost:1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("error: cannot reach Kafka at localhost:1 within 15 s")
        .doesNotContain("\n").doesNotContain("Exception");
    assertThat(run.millis()).isLessThan(30_000);
  }

  @Test
  void runAgainstAnUnreachableClusterEndsInOneLineWithExitTwo() throws Exception {
    Path bundle = TestBundles.steering16(dir.resolve("bundle-run"));
    Run run = cli("run", "--bundle", bundle.toString(), "--bootstrap-servers", "localhost:1",
        "--set", "http.port=0", "--set", "state.dir=" + dir.resolve("state-run"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("error: cannot reach Kafka at localhost:1 within 15 s")
        .doesNotContain("\n");
    assertThat(run.millis()).isLessThan(30_000);
  }

  @Test
  void aMisspelledSettingIsNamedBeforeAnythingConnects() {
    Run run = cli("run", "--bundle", dir.toString(), "--bootstrap-servers", "localhost:1", "--set", "sampels=10");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("error: unknown setting 'sampels' (did you mean 'samples'?)");
    assertThat(run.millis()).isLessThan(5_000);
  }

  @Test
  void topicsTheAppCreatesAdmitFramesUpToItsOwnLimit() throws Exception {
    Topics topics = new Topics("t.frames", "t.predictions", "t.dead");
    TopicAdmin.ensure(broker.bootstrapServers(), new Properties(), topics, 2, (short) 1, 8 << 20);
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin a = Admin.create(admin)) {
      ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, "t.frames");
      ConfigResource dead = new ConfigResource(ConfigResource.Type.TOPIC, "t.dead");
      Map<ConfigResource, Config> configs = a.describeConfigs(List.of(frames, dead)).all().get(30, TimeUnit.SECONDS);
      assertThat(configs.get(frames).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
          .isEqualTo(Integer.toString(FrameRecords.limit(8 << 20)));
      // a dead letter wraps a whole frame record
      assertThat(configs.get(dead).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
          .isEqualTo(Integer.toString(FrameRecords.wrappedLimit(8 << 20)));
    }
  }
}
