package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.stream.TestBundles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several models in one app: one per task, each with its own batcher and reload; a reload of one
 * task's bundle is checked against that task's model alone and leaves the others serving.
 */
class ModelRepositoryTest {
  private final ModelLoader loader = new ModelLoader(ExecutionProvider.CPU, 1, 64, 2, 2);
  private final List<String> served = new ArrayList<>();

  private ModelRepository load(List<Path> dirs) {
    return ModelRepository.load(dirs, loader, new ModelRepository.Wiring() {
      @Override
      public Batcher batcher(ImportanceSampler sampler) {
        return new Batcher(sampler, 2, Duration.ofMillis(1), n -> { });
      }

      @Override
      public ModelReloader reloader(Path dir, Batcher batcher) {
        return new ModelReloader(dir, batcher, loader, 0, new ModelReloader.Listener() {
          @Override
          public void serving(String name, String version) {
            served.add(name + ":" + version);
          }

          @Override
          public void failed(String version, String reason) {}
        });
      }
    });
  }

  @Test
  void eachTaskHasItsOwnModelAndBatcher(@TempDir Path dir) {
    Path steering = TestBundles.steering16(dir.resolve("steering"));
    Path heads = TestBundles.forTask(dir.resolve("heads"), "headpose", "heads-16", "yaw_deg");
    try (ModelRepository models = load(List.of(steering, heads))) {
      assertThat(models.tasks()).containsExactly("steering", "headpose");
      assertThat(models.forTask("headpose")).get().satisfies(m -> {
        assertThat(m.manifest().name()).isEqualTo("heads-16");
        assertThat(m.manifest().target().names()).containsExactly("yaw_deg");
        assertThat(m.dir()).isEqualTo(heads);
      });
      assertThat(models.forTask("lane")).isEmpty();
      assertThat(models.batchers()).containsOnlyKeys("steering", "headpose");
      assertThat(models.batchers().get("steering")).isNotSameAs(models.batchers().get("headpose"));
      assertThat(models.first().task()).isEqualTo("steering");
      assertThat(models.refusals()).isEmpty();
    }
  }

  @Test
  void aReloadOfOneTasksBundleLeavesTheOtherServingAndARefusalNamesItsTask(@TempDir Path dir) {
    Path steering = TestBundles.steering16(dir.resolve("steering"));
    Path heads = TestBundles.forTask(dir.resolve("heads"), "headpose", "heads-16", "yaw_deg");
    try (ModelRepository models = load(List.of(steering, heads))) {
      String steeringVersion = models.forTask("steering").orElseThrow().manifest().version();
      TestBundles.bumpVersion(heads, "heads-2");
      assertThat(models.forTask("headpose").orElseThrow().reloader().check()).isTrue();
      assertThat(models.forTask("steering").orElseThrow().reloader().check()).isFalse();
      assertThat(models.forTask("headpose").orElseThrow().manifest().version()).isEqualTo("heads-2");
      assertThat(models.forTask("steering").orElseThrow().manifest().version()).isEqualTo(steeringVersion);
      assertThat(served).containsExactly("heads-16:heads-2");

      // a steering model written into the head-pose folder: refused for that task only
      TestBundles.forTask(heads, "steering", "steering-x", "steering_deg");
      TestBundles.bumpVersion(heads, "heads-3");
      assertThat(models.forTask("headpose").orElseThrow().reloader().check()).isFalse();
      assertThat(models.refusals()).singleElement().asString()
          .startsWith("task 'headpose': model version heads-3 not rolled out")
          .contains("it is for task 'steering', the app serves 'headpose'");
      assertThat(models.forTask("headpose").orElseThrow().manifest().version()).isEqualTo("heads-2");
      assertThat(models.forTask("steering").orElseThrow().manifest().version()).isEqualTo(steeringVersion);
    }
  }

  @Test
  void twoBundlesOfOneTaskOrNoneAreOneLineErrorsBeforeAnyGraphIsLoaded(@TempDir Path dir) {
    Path one = TestBundles.steering16(dir.resolve("one"));
    Path two = TestBundles.steering16(dir.resolve("two"));
    assertThatThrownBy(() -> load(List.of(one, two))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(one.toString()).hasMessageContaining(two.toString())
        .hasMessageContaining("both serve task 'steering'");
    assertThatThrownBy(() -> ModelRepository.check(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bundle");
    assertThatThrownBy(() -> ModelRepository.check(List.of(one, dir.resolve("missing"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
  }
}
