package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.CaptureClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A frame's capture time comes from the camera's clock where the stream has one, and says which. */
class CaptureTimesTest {
  private static final long T0 = 1_765_000_000_000_000L; // µs since the epoch

  @Test
  void presentationTimesKeepTheCamerasSpacingWhileReadsJitter() {
    CaptureTimes times = new CaptureTimes();
    long[] readDelay = {40_000, 35_000, 52_000, 48_000, 33_000, 70_000, 33_000};
    List<Long> captured = new java.util.ArrayList<>();
    for (int i = 0; i < readDelay.length; i++) {
      long pts = 90_000_000L + i * 100_000L; // 10 fps on the stream's time line
      CaptureTimes.Stamp s = times.stamp(pts, CaptureTimes.NONE, T0 + i * 100_000L + readDelay[i]);
      assertThat(s.clock()).isEqualTo(CaptureClock.STREAM);
      assertThat(s.millis() * 1000).as("never after the read").isLessThanOrEqualTo(T0 + i * 100_000L + readDelay[i]);
      captured.add(s.millis());
    }
    // once the smallest delay (33 ms, frame 4) is seen, the frames are exactly the camera's 100 ms apart
    assertThat(captured.get(6) - captured.get(4)).isEqualTo(200);
    assertThat(captured.get(5) - captured.get(4)).isEqualTo(100);
    assertThat(captured.get(4)).isEqualTo((T0 + 400_000 + 33_000) / 1000);
  }

  @Test
  void aJumpBackOrAStrayPresentationTimeAnchorsAgain() {
    CaptureTimes times = new CaptureTimes();
    times.stamp(5_000_000, CaptureTimes.NONE, T0);
    CaptureTimes.Stamp restarted = times.stamp(0, CaptureTimes.NONE, T0 + 200_000); // the camera restarted at 0
    assertThat(restarted.millis()).isEqualTo((T0 + 200_000) / 1000);
    CaptureTimes.Stamp next = times.stamp(100_000, CaptureTimes.NONE, T0 + 310_000);
    assertThat(next.millis()).isEqualTo((T0 + 300_000) / 1000);
    CaptureTimes.Stamp late = times.stamp(200_000, CaptureTimes.NONE, T0 + 1_600_000); // read 1.2 s late: remapped
    assertThat(late.millis()).isEqualTo((T0 + 1_600_000) / 1000);
  }

  @Test
  void anRtcpWallClockIsUsedAsItIsAndAStreamWithoutTimesFallsBackToTheRead() {
    CaptureTimes times = new CaptureTimes();
    CaptureTimes.Stamp rtcp = times.stamp(2_000_000, T0 - 2_050_000, T0);
    assertThat(rtcp).isEqualTo(new CaptureTimes.Stamp((T0 - 50_000) / 1000, CaptureClock.RTCP));
    CaptureTimes.Stamp wild = times.stamp(2_100_000, T0 - 3_600_000_000L, T0 + 100_000); // an hour off: not used
    assertThat(wild.clock()).isEqualTo(CaptureClock.STREAM);
    assertThat(new CaptureTimes().stamp(CaptureTimes.NONE, CaptureTimes.NONE, T0))
        .isEqualTo(new CaptureTimes.Stamp(T0 / 1000, CaptureClock.READ));
  }
}
