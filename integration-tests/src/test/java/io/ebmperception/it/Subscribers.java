package io.ebmperception.it;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the subscribers a team copies from {@code examples/} (Python with Debian's
 * python3-confluent-kafka and python3-avro; C with librdkafka and Avro C) as their own processes,
 * as a user would. In CI they must be present ({@code .ci/run} installs them); elsewhere a test
 * that needs a missing one is skipped with the packages to install.
 */
final class Subscribers {
  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final String PACKAGES = "apt-get install python3-confluent-kafka python3-avro librdkafka-dev "
      + "libavro-dev libjansson-dev libcurl4-openssl-dev";

  private Subscribers() {}

  /** What one subscriber run printed. */
  record Output(int exit, List<String> lines, String err) {}

  static Output python(String... args) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    boolean present = Files.isExecutable(python) && run(List.of(python.toString(), "-c",
        "import confluent_kafka, avro"), EXAMPLES).exit() == 0;
    require(present, "Debian's python3 with python3-confluent-kafka and python3-avro");
    List<String> cmd = new ArrayList<>(List.of(python.toString(), EXAMPLES.resolve("python/subscriber.py").toString()));
    cmd.addAll(List.of(args));
    return run(cmd, EXAMPLES.resolve("python"));
  }

  static Output c(String... args) throws Exception {
    Path dir = EXAMPLES.resolve("c");
    Output make = run(List.of("make", "-s", "-C", dir.toString()), dir);
    require(make.exit() == 0, "a C compiler with the development packages (make said: " + make.err().strip() + ")");
    List<String> cmd = new ArrayList<>(List.of(dir.resolve("subscriber").toString()));
    cmd.addAll(List.of(args));
    return run(cmd, dir);
  }

  private static void require(boolean present, String what) {
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(what + " must be installed in CI (.ci/run installs it: " + PACKAGES + ")");
    }
    assumeThat(present).as(what + " is not installed (" + PACKAGES + ")").isTrue();
  }

  private static Output run(List<String> cmd, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("subscriber", ".out");
    Path err = Files.createTempFile("subscriber", ".err");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in 120 s");
    }
    Output result = new Output(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }
}
