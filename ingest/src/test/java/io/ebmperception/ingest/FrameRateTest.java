package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The limiter keeps a camera's rate: every frame of a camera at its fps, bursts and all; an even share above it. */
class FrameRateTest {

  /** Frame times of a camera at {@code fps} for {@code seconds}, arriving in pairs or with random jitter. */
  private static List<Long> arrivals(double fps, int seconds, boolean pairs, long seed) {
    Random random = new Random(seed);
    long period = Math.round(1e6 / fps);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < fps * seconds; i++) {
      long t = i * period;
      if (pairs) {
        t += i % 2 == 0 ? period - 3_000 : 0; // every other frame arrives 3 ms before the next
      } else {
        t += (long) (random.nextGaussian() * period * 0.3);
      }
      out.add(t);
    }
    out.sort(null);
    return out;
  }

  private static int kept(FrameRate rate, List<Long> times) {
    int n = 0;
    for (long t : times) {
      n += rate.keep(t) ? 1 : 0;
    }
    return n;
  }

  @Test
  void aCameraAtItsRateKeepsEveryFrameWhenTheyArriveInBursts() {
    for (double fps : new double[] {10, 15, 30}) {
      List<Long> pairs = arrivals(fps, 20, true, 1);
      assertThat(kept(new FrameRate(fps), pairs)).as("%s fps in pairs", fps).isEqualTo(pairs.size());
      List<Long> jittered = arrivals(fps, 20, false, 2);
      assertThat(kept(new FrameRate(fps), jittered)).as("%s fps with jitter", fps)
          .isGreaterThanOrEqualTo((int) Math.ceil(jittered.size() * 0.99));
    }
  }

  @Test
  void aCameraAboveItsRateIsThinnedEvenly() {
    FrameRate rate = new FrameRate(15);
    List<Long> keptAt = new ArrayList<>();
    for (int i = 0; i < 60 * 10; i++) { // 60 fps for 10 s
      long t = i * 1_000_000L / 60;
      if (rate.keep(t)) {
        keptAt.add(t);
      }
    }
    assertThat(keptAt.size()).isBetween(150, 150 + 4); // 15 fps, plus the bucket's first burst
    List<Long> gaps = new ArrayList<>();
    for (int i = 10; i < keptAt.size(); i++) { // once the bucket has emptied
      gaps.add(keptAt.get(i) - keptAt.get(i - 1));
    }
    assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(66_000L, 67_000L)); // every 4th frame
  }
}
