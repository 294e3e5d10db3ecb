package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A URL this FFmpeg cannot open is refused when the camera is named; FFmpeg's error numbers read as words. */
class CameraSourcesTest {

  private static CameraSpec camera(String url) {
    return CameraSpec.parse("cam=" + url, "steering", 15);
  }

  @Test
  void aProtocolTyposRefusedAtOnceAndTheCamerasThisBuildOpensAreNot() {
    assertThatThrownBy(() -> CameraSources.requireOpenable(camera("rtps://10.0.0.5/stream1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("camera cam: this FFmpeg cannot open rtps:// URLs").hasMessageContaining("rtsp");
    for (String url : new String[] {"rtsp://10.0.0.5/s", "udp://0.0.0.0:5000", "http://cam/video.mjpg",
        "https://cam/x", "srt://10.0.0.5:9000", "/dev/video0", "recording.mp4", "file:recording.mp4"}) {
      CameraSources.requireOpenable(camera(url));
    }
    assertThat(CameraSources.protocol("RTSP://x/y")).contains("rtsp");
    assertThat(CameraSources.protocol("/dev/video0")).isEmpty();
  }

  @Test
  void ffmpegErrorNumbersAreFollowedByTheirMeaning() {
    assertThat(CameraStream.plain("avformat_open_input() error -1330794744: Could not open input \"x\". "
        + "(Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)"))
        .isEqualTo("avformat_open_input() error -1330794744 (Protocol not found): Could not open input \"x\".");
    assertThat(Ffmpeg.describe("avformat_open_input() error -1094995529: x"))
        .contains("(Invalid data found when processing input)");
  }
}
