package io.ebmperception.it;

import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.TestApps;
import io.ebmperception.stream.TestBundles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.stream.StreamApp;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.cli.StreamCli;
import io.ebmperception.runtime.kafka.KafkaAccessException;
import io.ebmperception.stream.replay.VideoWriter;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The app and replay against the embedded broker's SASL/PLAIN listener with ACLs: the right
 * password serves and delivers; a wrong password and a user without ACLs each end in one line
 * that names the cause (not "cannot reach Kafka"), exit code 2, and no password is ever printed.
 */
class SecuredClusterIT {
  private static final String ADMIN_PASSWORD = "adm1n-s3cret-pw";
  private static final String GUEST_PASSWORD = "gu3st-s3cret-pw";
  private static final String WRONG_PASSWORD = "not-the-r1ght-pw";
  @TempDir
  static Path dir;
  static EmbeddedKafka broker;
  static String sasl;
  static Path video;
  static Path bundle;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, new EmbeddedKafka.SaslPlain(
        Map.of("admin", ADMIN_PASSWORD, "guest", GUEST_PASSWORD), Set.of("admin")));
    sasl = broker.saslBootstrapServers().orElseThrow();
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 10; i++) {
      Files.write(images.resolve(String.format("f-%03d.jpg", i)), TestFrames.jpeg(48, 32, i));
    }
    video = dir.resolve("drive.mp4");
    VideoWriter.encode(images, video, 15);
    bundle = TestBundles.steering16(dir.resolve("bundle"));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static List<String> security(String user, String password) {
    return List.of("--set", "kafka.security.protocol=SASL_PLAINTEXT", "--set", "kafka.sasl.mechanism=PLAIN",
        "--set", "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"" + user + "\" password=\"" + password + "\";");
  }

  private static AppConfig appConfig(String user, String password) {
    List<String> s = security(user, password);
    AppConfig c = TestApps.onCluster(dir.resolve(user), sasl).with(Settings.SAMPLES, 128).with(Settings.HYPOTHESES, 4);
    for (int i = 1; i < s.size(); i += 2) {
      String[] kv = s.get(i).split("=", 2);
      c = c.with(kv[0], kv[1]);
    }
    return c;
  }

  /** Runs a stream CLI command; returns exit code, then stdout + stderr. */
  private static Object[] cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StreamCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args.toArray(String[]::new));
    return new Object[] {code, out + "\n" + err};
  }

  private static List<String> replay(String user, String password) {
    List<String> args = new ArrayList<>(List.of("replay", video.toString(), "--fast", "--bootstrap-servers", sasl));
    args.addAll(security(user, password));
    return args;
  }

  @Test
  void theRightPasswordServesAndDelivers() throws Exception {
    try (StreamApp app = StreamApp.start(appConfig("admin", ADMIN_PASSWORD), bundle)) {
      assertThat(app.awaitReady(Duration.ofSeconds(90))).as(app.readiness().toString()).isTrue();
      Object[] r = cli(replay("admin", ADMIN_PASSWORD));
      assertThat(r[0]).as((String) r[1]).isEqualTo(0);
      assertThat((String) r[1]).contains("10 delivered").doesNotContain(ADMIN_PASSWORD);
    }
  }

  @Test
  void aWrongPasswordIsOneLineSayingAuthenticationFailedWithoutThePassword() {
    assertThatThrownBy(() -> StreamApp.start(appConfig("admin", WRONG_PASSWORD), bundle))
        .isInstanceOf(KafkaAccessException.class)
        .hasMessageContaining("authentication failed").hasMessageNotContaining(WRONG_PASSWORD);

    List<String> run = new ArrayList<>(List.of("run", "--bundle", bundle.toString(), "--bootstrap-servers", sasl,
        "--set", "http.port=0"));
    run.addAll(security("admin", WRONG_PASSWORD));
    for (List<String> args : List.of(run, replay("admin", WRONG_PASSWORD))) {
      Object[] r = cli(args);
      String text = ((String) r[1]).strip();
      assertThat(r[0]).as(text).isEqualTo(2);
      assertThat(text).startsWith("error: Kafka at " + sasl + ": authentication failed")
          .doesNotContain(WRONG_PASSWORD, "cannot reach", "\tat ");
      assertThat(text.lines().count()).as(text).isEqualTo(1);
    }
  }

  @Test
  void aUserWithoutAclsIsToldItIsNotAuthorised() {
    Object[] r = cli(replay("guest", GUEST_PASSWORD));
    String text = ((String) r[1]).strip();
    assertThat(r[0]).as(text).isEqualTo(2);
    assertThat(text).contains("not authorised").doesNotContain(GUEST_PASSWORD, "cannot reach", "\tat ");
    assertThat(text.lines().count()).as(text).isEqualTo(1);
  }
}
