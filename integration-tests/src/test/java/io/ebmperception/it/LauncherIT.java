package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./ebm} in a copy of its folder, with Maven and Java replaced by scripts that
 * record what they were asked: two invocations started together build once, one after the other
 * (the second waits for the first and then finds the jars fresh), and an edited source rebuilds
 * with one line naming the file; and a supervisor's SIGTERM to the launcher reaches the JVM it
 * started (the launcher execs it), leaving no process behind.
 */
class LauncherIT {
  private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

  /** A fake Maven: fails when another build runs at the same time, else "builds" the jars. */
  private static final String FAKE_MVN = """
      #!/usr/bin/env bash
      set -e
      while [ "$1" != -f ]; do shift; done
      root="$(dirname "$2")"
      if ! mkdir "$root/building" 2>/dev/null; then echo "two builds at once" >&2; exit 7; fi
      echo run >> "$root/mvn-runs"
      sleep 2
      mkdir -p "$root/trainer/target" "$root/stream-app/target"
      echo jar > "$root/trainer/target/ebm-trainer.jar"
      echo jar > "$root/stream-app/target/ebm-stream-app.jar"
      mkdir -p "$root/bench/target" "$root/ingest/target"
      echo jar > "$root/bench/target/ebm-bench.jar"
      echo jar > "$root/ingest/target/ebm-ingest.jar"
      rmdir "$root/building"
      """;

  private static final String FAKE_JAVA = """
      #!/usr/bin/env bash
      echo "java $*"
      """;

  @Test
  void twoInvocationsBuildOnceAndAnEditedSourceRebuilds(@TempDir Path dir) throws Exception {
    Path root = checkout(dir);
    Path bin = dir.resolve("bin");
    Path source = root.resolve("trainer/src/main/java/Main.java");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));

    Process first = launch(root, bin);
    Process second = launch(root, bin);
    String firstErr = finish(first);
    String secondErr = finish(second);
    assertThat(first.exitValue()).as(firstErr).isZero();
    assertThat(second.exitValue()).as(secondErr).isZero();
    assertThat(Files.readAllLines(root.resolve("mvn-runs"))).hasSize(1);
    assertThat(firstErr + secondErr).contains("another ./ebm is building; waiting for it", "building (first run only");

    Process again = launch(root, bin);
    String againErr = finish(again);
    assertThat(Files.readAllLines(root.resolve("mvn-runs"))).as(againErr).hasSize(1);
    assertThat(againErr).doesNotContain("building");

    Files.writeString(source, "class Main { int changed; }");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
    Process edited = launch(root, bin);
    String editedErr = finish(edited);
    assertThat(edited.exitValue()).isZero();
    assertThat(Files.readAllLines(root.resolve("mvn-runs"))).hasSize(2);
    assertThat(editedErr).contains("sources changed since the last build (trainer/src/main/java/Main.java); rebuilding");
  }

  /** A fake JVM that runs until stopped, recognisable by its argument. */
  private static final String SLEEPING_JAVA = """
      #!/usr/bin/env bash
      exec sleep 987654
      """;

  @Test
  void aSigtermToTheLauncherStopsTheJvmItStarted(@TempDir Path dir) throws Exception {
    Path root = checkout(dir);
    Path bin = dir.resolve("bin");
    finish(launch(root, bin)); // builds, with the echoing java
    executable(bin.resolve("java"), SLEEPING_JAVA);
    Process launcher = launch(root, bin);
    long deadline = System.currentTimeMillis() + 30_000;
    while (sleepingJvms().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sleepingJvms()).as("the fake JVM started").isNotEmpty();
    launcher.destroy(); // SIGTERM to the launcher's PID, as a supervisor sends it
    assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
    deadline = System.currentTimeMillis() + 5_000;
    while (!sleepingJvms().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sleepingJvms()).as("a JVM left running after its launcher was stopped").isEmpty();
  }

  /**
   * A copy of the launcher in {@code dir/checkout} with one trainer source, and {@code dir/bin}
   * holding the fake Maven and the echoing fake Java.
   */
  private static Path checkout(Path dir) throws IOException {
    Path root = dir.resolve("checkout");
    Path bin = dir.resolve("bin");
    Files.createDirectories(root.resolve("trainer/src/main/java"));
    Files.createDirectories(bin);
    Files.copy(ROOT.resolve("ebm"), root.resolve("ebm"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.writeString(root.resolve("trainer/src/main/java/Main.java"), "class Main {}");
    executable(bin.resolve("mvn"), FAKE_MVN);
    executable(bin.resolve("java"), FAKE_JAVA);
    return root;
  }

  private static List<ProcessHandle> sleepingJvms() {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("987654")).toList();
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Process launch(Path root, Path bin) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of(root.resolve("ebm").toString(), "render", "--help"));
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().remove("EBM_MVN");
    return pb.start();
  }

  /** Waits for the launcher; returns its stderr (stdout is the fake java's echo). */
  private static String finish(Process p) throws Exception {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
