package io.ebmperception.trainer.run;

import java.util.Arrays;
import java.util.Locale;

/**
 * The recipes of the demo's models, spelled once: {@code ./ebm demo} trains with them
 * ({@code train --demo steering}), and the test that guards the demo's figures trains the same.
 *
 * @param id            the name after {@code --demo}
 * @param data          the built-in task
 * @param epochs        epochs
 * @param samples       M in training
 */
public record DemoModel(String id, String data, int epochs, int samples) {
  /**
   * The steering demo: the 32 px roads, 16 epochs at M = 256 (about half a minute on 2 cores).
   * At 8 epochs its 90% intervals covered 62.7% of the demo drive's labels (68.7% of fresh 32 px
   * scenes); at 16, 84.0% (88.3%); see BENCHMARKS.md, "One image path".
   */
  public static final DemoModel STEERING = new DemoModel("steering", "roads", 16, 256);
  /** The head-pose demo: the 64 px heads, 10 epochs at the default M (a few minutes on 2 cores). */
  public static final DemoModel HEADPOSE = new DemoModel("headpose", "heads", 10, 1024);

  /** The recipe called {@code id}. */
  public static DemoModel of(String id) {
    return Arrays.stream(new DemoModel[] {STEERING, HEADPOSE}).filter(d -> d.id.equals(id.toLowerCase(Locale.ROOT)))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown demo model '" + id
            + "'; choose steering or headpose"));
  }
}
