package io.ebmperception.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.trainer.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress written where no terminal is (a log file, CI): plain lines, never a carriage return. */
class ProgressTest {

  @Test
  void aRenderWritesATenthAtATimeInPlainLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress.Steps steps = new Progress.Lines("render roads", 300, new PrintStream(bytes, true,
        StandardCharsets.UTF_8))) {
      for (int i = 0; i < 300; i++) {
        steps.step();
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertThat(text).doesNotContain("\r").doesNotContain("\u001b[");
    assertThat(lines).hasSize(10).allMatch(l -> l.length() <= 300);
    assertThat(lines.get(0)).startsWith("render roads: 30/300 (10%)");
    assertThat(lines.get(9)).startsWith("render roads: 300/300 (100%)");
  }

  @Test
  void theTestMetricsAreLoggedInShortLines() {
    java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      metrics.put("coverage_90_dimension_with_a_long_name_" + i, i / 7.0);
    }
    List<String> lines = Experiment.formatLines(metrics, 4);
    assertThat(lines).hasSize(10).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(300));
    assertThat(String.join(", ", lines)).contains("coverage_90_dimension_with_a_long_name_39 = 5.5714");
  }

  @Test
  void aTrainingWritesOneLinePerEpoch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress.TrainingListenerHandle listener = new Progress.EpochLines("nce+kl steering",
        new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      for (int epoch = 1; epoch <= 16; epoch++) {
        for (int step = 0; step < 94; step++) {
          listener.onStep(epoch, step, 94, 1.5f);
        }
        listener.onEpoch(new TrainingListener.EpochSummary(epoch, 16, 12.25, 1450));
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r");
    assertThat(text.lines().toList()).hasSize(16).allMatch(l -> l.length() <= 300);
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("nce+kl steering: epoch 1/16, training objective 12.2500, 1450 ex/s");
  }

  @Test
  void testsAndPipesAreNoTerminal() {
    assertThat(Progress.interactive()).isFalse();
  }
}
