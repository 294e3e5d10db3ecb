package io.ebmperception.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seed gives the same model in two processes, even while they compete for the cores: the two
 * trainings run at the same time in separate JVMs and must write byte-identical checkpoints and
 * ONNX graphs.
 */
class ReproducibleTrainingTest {
  @Test
  void twoProcessesWithTheSameSeedWriteTheSameModel(@TempDir Path dir) throws Exception {
    ai.djl.engine.Engine.getInstance(); // the native library is unpacked once, not by both children at once
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Process first = train(a, dir.resolve("a.log"));
    Process second = train(b, dir.resolve("b.log"));
    assertThat(first.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(dir.resolve("a.log"))).isZero();
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("b.log"))).isZero();
    assertThat(Files.readAllBytes(a.resolve("checkpoints/final.params")))
        .isEqualTo(Files.readAllBytes(b.resolve("checkpoints/final.params")));
    for (String file : List.of("bundle/input.onnx", "bundle/energy.onnx")) { // metadata holds times
      assertThat(graph(a.resolve(file))).as(file).isEqualTo(graph(b.resolve(file)));
    }
    assertThat(Files.readString(a.resolve("config.json"))).contains("\"threads\" : 1");
  }

  private static OnnxMl.GraphProto graph(Path file) throws Exception {
    return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph();
  }

  private static Process train(Path output, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        TrainerCli.class.getName(), "train", "--data", "toy2", "--method", "nce+kl",
        "--epochs", "2", "--samples", "256", "--seed", "7", "--threads", "1", "--no-progress",
        "--checkpoint-every", "0", "--output", output.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
