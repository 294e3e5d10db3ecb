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
 * A seed gives the same model in two processes, even while they compete for the cores and collect
 * garbage at different moments: the two trainings run at the same time in separate JVMs with small
 * heaps (so that the collector runs often, mid-step) and must write ONNX graphs with bit-identical
 * weights.
 *
 * <p>This caught a real defect: DJL's arithmetic with a Java constant ({@code x.mul(0.5f)}) kept
 * the constant in a buffer the collector could free before the backward pass read it, so a
 * collection at the wrong moment corrupted one step's gradient (see {@code Scalars}).
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
    for (String file : List.of("bundle/input.onnx", "bundle/energy.onnx")) { // metadata holds times
      OnnxMl.GraphProto ga = graph(a.resolve(file));
      OnnxMl.GraphProto gb = graph(b.resolve(file));
      assertThat(ga.toBuilder().clearInitializer().build()).as(file)
          .isEqualTo(gb.toBuilder().clearInitializer().build());
      assertThat(ga.getInitializerCount()).isEqualTo(gb.getInitializerCount());
      for (int i = 0; i < ga.getInitializerCount(); i++) {
        float[] wa = floats(ga.getInitializer(i));
        float[] wb = floats(gb.getInitializer(i));
        assertThat(wa).as(file + " " + ga.getInitializer(i).getName()).hasSameSizeAs(wb);
        for (int k = 0; k < wa.length; k++) {
          assertThat(Float.floatToIntBits(wa[k]))
              .as(file + " " + ga.getInitializer(i).getName() + "[" + k + "]: " + wa[k] + " vs " + wb[k])
              .isEqualTo(Float.floatToIntBits(wb[k]));
        }
      }
    }
    assertThat(Files.readString(a.resolve("config.json"))).contains("\"threads\" : 1");
  }

  private static float[] floats(OnnxMl.TensorProto t) {
    java.nio.FloatBuffer buf = t.getRawData().asReadOnlyByteBuffer()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[buf.remaining()];
    buf.get(out);
    return out;
  }

  private static OnnxMl.GraphProto graph(Path file) throws Exception {
    return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph();
  }

  private static Process train(Path output, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Xmx128m", "-Xmn1m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        TrainerCli.class.getName(), "train", "--data", "toy2", "--method", "nce+kl",
        "--epochs", "2", "--samples", "256", "--seed", "7", "--threads", "1", "--no-progress",
        "--checkpoint-every", "0", "--output", output.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
