package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.bundle.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutCheckTest {
  private static Manifest manifest(String task, int d, List<String> names, long[] shape, float[] std) {
    return Manifest.builder().name("m").version("v").task(task).method("nce+kl").dimensions(d, 4)
        .input(new Manifest.InputSpec(shape, "chw-rgb", 1f / 255, new float[] {0.5f, 0.5f, 0.5f}, std))
        .target(new Manifest.TargetSpec(names, new float[d], new float[d], 10)).build();
  }

  private static final float[] STD = {0.2f, 0.2f, 0.2f};
  private final Manifest serving = manifest("steering", 1, List.of("steering_deg"), new long[] {3, 32, 32}, STD);

  @Test
  void aRetrainedModelOfTheSameTaskMayReplaceTheServingOneAtAnotherImageSize() {
    assertThat(RolloutCheck.refusal(serving,
        manifest("steering", 1, List.of("steering_deg"), new long[] {3, 64, 64}, STD))).isEmpty();
  }

  @Test
  void anotherTaskOtherTargetsOrAnUnusableInputAreRefusedWithTheReason() {
    assertThat(RolloutCheck.refusal(serving, manifest("headpose", 3, List.of("yaw", "pitch", "roll"),
        new long[] {3, 64, 64}, STD))).hasValueSatisfying(r -> assertThat(r).contains("headpose", "steering"));
    assertThat(RolloutCheck.refusal(serving, manifest("steering", 2, List.of("a", "b"), new long[] {3, 32, 32}, STD)))
        .hasValueSatisfying(r -> assertThat(r).contains("D = 2"));
    assertThat(RolloutCheck.refusal(serving, manifest("steering", 1, List.of("yaw"), new long[] {3, 32, 32}, STD)))
        .hasValueSatisfying(r -> assertThat(r).contains("[yaw]"));
    assertThat(RolloutCheck.refusal(serving, manifest("steering", 1, List.of("steering_deg"),
        new long[] {1, 32, 32}, new float[0]))).hasValueSatisfying(r -> assertThat(r).contains("[1, 32, 32]"));
    assertThat(RolloutCheck.refusal(serving, manifest("steering", 1, List.of("steering_deg"),
        new long[] {3, 32, 32}, new float[] {0.2f, 0f, 0.2f}))).hasValueSatisfying(r -> assertThat(r).contains("divides by 0.0"));
  }
}
