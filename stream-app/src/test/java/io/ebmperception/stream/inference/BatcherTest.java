package io.ebmperception.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.sampling.SampleNoise;
import io.ebmperception.stream.TestBundles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private static final int M = 64;

  private static ImportanceSampler sampler() throws Exception {
    Path bundle = Path.of(TestBundles.class.getResource("/bundles/steering-16px").toURI());
    return new ModelLoader(ExecutionProvider.CPU, 1, M, 4, 8).load(bundle);
  }

  private static float[] input(ImportanceSampler s) {
    return new float[s.model().bundle().inputSize()];
  }

  @Test
  void aFrameWithNothingElseOnItsWayIsServedWithoutWaitingForABatch() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    ImportanceSampler s = sampler();
    try (Batcher batcher = new Batcher(s, 8, Duration.ofSeconds(3), sizes::add)) {
      batcher.predict(input(s), new Batcher.FrameId("c", 0), Duration.ofSeconds(10)); // warm-up
      long start = System.nanoTime();
      batcher.predict(input(s), new Batcher.FrameId("c", 1), Duration.ofSeconds(10));
      double ms = (System.nanoTime() - start) / 1e6;
      assertThat(ms).as("a lone frame must not wait the 3 s batch window").isLessThan(1500);
      assertThat(sizes).containsExactly(1, 1);
      Batcher.Result again = batcher.predict(input(s), new Batcher.FrameId("c", 1), Duration.ofSeconds(10));
      assertThat(again.samples()).isEqualTo(M);
      assertThat(again.prediction().prediction().hypotheses())
          .as("the same frame identity gives the same noise, so the same hypotheses")
          .isEqualTo(s.predict(input(s), List.of(FrameNoise.of("c", 1, M, 1, 4))).get(0).prediction().hypotheses());
    } finally {
      s.model().close();
    }
  }

  @Test
  void announcedFramesAreWaitedForAndServedInOneCall() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    ImportanceSampler s = sampler();
    try (Batcher batcher = new Batcher(s, 8, Duration.ofSeconds(3), sizes::add)) {
      Batcher.Announcement first = batcher.announce();
      Batcher.Announcement second = batcher.announce();
      assertThat(batcher.announced()).isEqualTo(2);
      CompletableFuture<Batcher.Result> a = CompletableFuture.supplyAsync(
          () -> batcher.predict(input(s), new Batcher.FrameId("c", 0), Duration.ofSeconds(10), first));
      Thread.sleep(300); // the second frame is still being decoded
      Batcher.Result b = batcher.predict(input(s), new Batcher.FrameId("c", 1), Duration.ofSeconds(10), second);
      assertThat(a.get().prediction()).isNotNull();
      assertThat(b.prediction()).isNotNull();
      assertThat(sizes).containsExactly(2);
      assertThat(batcher.announced()).isZero();
    } finally {
      s.model().close();
    }
  }

  @Test
  void aWithdrawnAnnouncementStopsTheWait() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    ImportanceSampler s = sampler();
    try (Batcher batcher = new Batcher(s, 8, Duration.ofSeconds(3), sizes::add)) {
      Batcher.Announcement first = batcher.announce();
      Batcher.Announcement rejected = batcher.announce();
      CompletableFuture<Batcher.Result> a = CompletableFuture.supplyAsync(
          () -> batcher.predict(input(s), new Batcher.FrameId("c", 0), Duration.ofSeconds(10), first));
      Thread.sleep(200);
      long start = System.nanoTime();
      rejected.close(); // e.g. the frame was a dead letter
      rejected.close(); // closing twice counts once
      a.get();
      assertThat((System.nanoTime() - start) / 1e6).isLessThan(1500);
      assertThat(sizes).containsExactly(1);
      assertThat(batcher.announced()).isZero();
    } finally {
      s.model().close();
    }
  }
}
