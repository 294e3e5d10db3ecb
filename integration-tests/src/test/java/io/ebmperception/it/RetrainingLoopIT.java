package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.TestApps;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.stream.StreamApp;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.cli.StreamCli;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.trainer.cli.TrainerCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The retraining loop of docs/retraining.md against a real broker: a served model predicts on
 * labelled frames, {@code record} turns the frames whose predictions were uncertain into a
 * dataset, {@code train --init-from} fine-tunes the served run on it for one epoch, the new
 * bundle is rolled out, the app hot-reloads it and the next predictions carry its version.
 */
class RetrainingLoopIT {
  private static final WireFormat WIRE = WireFormat.singleObject();
  private static final AvroSerde<Frame> FRAMES = AvroSerde.frames(WIRE);

  @TempDir
  Path dir;

  @Test
  void replayRecordFineTuneAndReload() throws Exception {
    Path base = trainBaseRun();
    Path serving = dir.resolve("serving");
    copyBundle(base.resolve("bundle"), serving);
    String baseVersion = BundleLayout.readVersion(serving).orElseThrow();
    AppConfig config = TestApps.small(dir).with(Settings.SAMPLES, 128);
    try (StreamApp app = StreamApp.start(config, serving)) {
      assertThat(app.awaitReady(Duration.ofSeconds(90))).isTrue();
      send(app, "cam-0", 30);
      List<Prediction> first = predictions(app, 30);
      assertThat(first).extracting(Prediction::getModelVersion).containsOnly(baseVersion);

      // Record: every prediction counts as uncertain with --ess-below 1.01, so all 30 frames go
      // through the join of frames and predictions by camera and sequence.
      Path recorded = dir.resolve("recorded");
      String out = run(StreamCli.commandLine(), "record", "--output", recorded.toString(), "--only-uncertain",
          "--ess-below", "1.01", "--bundle", serving.toString(), "--idle-seconds", "3",
          "--bootstrap-servers", app.bootstrapServers());
      assertThat(out).contains("recorded 30 frames");
      List<String> rows = Files.readAllLines(recorded.resolve("steering.csv"));
      assertThat(rows.get(0)).isEqualTo("file,steering_deg,camera,sequence,reason");
      assertThat(rows).hasSize(31);
      assertThat(recorded.resolve("images/cam-0-7.jpg")).exists();

      // Fine-tune the served run for one epoch on what was recorded.
      Path tuned = dir.resolve("tuned");
      run(TrainerCli.commandLine(), "train", "--data", recorded.resolve("steering.csv").toString(),
          "--y-columns", "steering_deg", "--init-from", base.toString(), "--init-parts", "all", "--epochs", "1",
          "--samples", "64", "--checkpoint-every", "0", "--no-progress", "--output", tuned.toString());
      String tunedVersion = BundleLayout.readVersion(tuned.resolve("bundle")).orElseThrow();
      assertThat(tunedVersion).isNotEqualTo(baseVersion);

      // Roll out (manifest last, as docs/retraining.md says) and let the app pick it up.
      copyBundle(tuned.resolve("bundle"), serving);
      assertThat(app.models().first().reloader().check()).isTrue();
      send(app, "cam-1", 10);
      List<Prediction> after = predictions(app, 40).stream().filter(p -> p.getCameraId().equals("cam-1")).toList();
      assertThat(after).hasSize(10);
      assertThat(after).extracting(Prediction::getModelVersion).containsOnly(tunedVersion);
      assertThat(after).allSatisfy(p -> assertThat(p.getModes()).isNotEmpty());

      // evaluate-stream scores the roll-out's before and after apart, each with its own plot
      String evaluated = run(StreamCli.commandLine(), "evaluate", "--expect", "40", "--idle-seconds", "3",
          "--plot", dir.resolve("evaluation.png").toString(), "--bootstrap-servers", app.bootstrapServers());
      assertThat(evaluated).contains("model " + first.get(0).getModelName() + " " + baseVersion + " (30 of the 40")
          .contains(tunedVersion + " (10 of the 40");
      assertThat(dir.resolve("evaluation-1.png")).exists();
      assertThat(dir.resolve("evaluation-2.png")).exists();
      String onlyTuned = run(StreamCli.commandLine(), "evaluate", "--expect", "40", "--idle-seconds", "3",
          "--model-version", tunedVersion, "--plot", dir.resolve("tuned.png").toString(),
          "--bootstrap-servers", app.bootstrapServers());
      assertThat(onlyTuned).contains("predictions: 10").doesNotContain("model ");
    }
  }

  /** A small CNN run on 48 labelled 16-px images: the model the loop starts from. */
  private Path trainBaseRun() throws IOException {
    Path images = dir.resolve("base-data");
    Files.createDirectories(images);
    StringBuilder csv = new StringBuilder("file,steering_deg\n");
    for (int i = 0; i < 48; i++) {
      Files.write(images.resolve("f" + i + ".jpg"), TestFrames.jpeg(48, 32, i));
      csv.append("f").append(i).append(".jpg,").append(i % 20).append('\n');
    }
    Files.writeString(images.resolve("steering.csv"), csv);
    Path run = dir.resolve("base");
    run(TrainerCli.commandLine(), "train", "--data", images.resolve("steering.csv").toString(),
        "--y-columns", "steering_deg", "--image-size", "16", "--epochs", "1", "--samples", "64",
        "--checkpoint-every", "0", "--no-progress", "--output", run.toString());
    return run;
  }

  private static String run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int code = cli.execute(args);
    assertThat(code).as("%s%n%s", out, err).isZero();
    return out.toString();
  }

  private static void send(StreamApp app, String camera, int n) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (long s = 0; s < n; s++) {
        producer.send(new ProducerRecord<>(app.topics().frames(), camera,
            FRAMES.serialize("f", TestFrames.frame(camera, s))));
      }
    }
  }

  private static List<Prediction> predictions(StreamApp app, long expected) {
    return new TopicReader<>(app.bootstrapServers(), new Properties(), AvroSerde.predictions(WIRE))
        .read(app.topics().predictions(), expected, Duration.ofSeconds(30), p -> { });
  }

  /** The bundle's graphs first, its manifest (which carries the version) last. */
  private static void copyBundle(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String f : new String[] {BundleLayout.INPUT_GRAPH, BundleLayout.ENERGY_GRAPH, BundleLayout.MANIFEST}) {
      Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
