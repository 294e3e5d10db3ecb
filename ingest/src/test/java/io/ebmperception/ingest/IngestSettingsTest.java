package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.runtime.config.Config;
import io.ebmperception.schemas.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera reader's settings come from a file, EBM_* and --set like the app's, checked before any camera opens. */
class IngestSettingsTest {

  @Test
  void defaultsAreTheReadersOwnAndEachSourceCanSetThem(@TempDir Path dir) throws Exception {
    assertThat(IngestSettings.cameraOptions(Config.defaults(IngestSettings.ALL))).isEqualTo(CameraStream.Options.DEFAULT);
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, "ingest.queue=4\ningest.read.timeout.s=9\n");
    Config config = Config.load(IngestSettings.ALL, file, Map.of("EBM_INGEST_QUEUE", "16"),
        Map.of("ingest.max.backoff.s", "7"));
    CameraStream.Options options = IngestSettings.cameraOptions(config);
    assertThat(options.queueCapacity()).isEqualTo(16);
    assertThat(options.readTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(options.maxBackoff()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aBadOrForeignSettingIsOneLineAndExitTwoBeforeAnyCameraOpens() {
    for (String[] args : new String[][] {
        {"--camera", "a=udp://127.0.0.1:1", "--set", "ingest.queue=0"},
        {"--camera", "a=udp://127.0.0.1:1", "--set", "batch.max=4"}, // the app's, not ingest's
        {"--camera", "a=udp://127.0.0.1:1", "--queue", "-3"}}) {
      StringWriter err = new StringWriter();
      var cli = IngestCli.commandLine();
      cli.setErr(new PrintWriter(err, true));
      assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(CommandLines.USER_ERROR);
      assertThat(err.toString()).startsWith("error: ").hasLineCount(1);
    }
  }

  @Test
  void helpListsTheSettingsWithTheirDefaults() {
    StringWriter out = new StringWriter();
    var cli = IngestCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("ingest.queue = " + CameraStream.Options.DEFAULT.queueCapacity(),
        "ingest.max.backoff.s = " + CameraStream.Options.DEFAULT.maxBackoff().toSeconds(), "topics.frames = ebm.frames")
        .doesNotContain("batch.max");
  }
}
