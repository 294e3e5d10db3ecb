package io.ebmperception.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CameraStreamTest {
  @Test
  void aCameraStateLineKeepsFfmpegsReasonInWordsWithoutJavacvsHints() {
    assertThat(CameraStream.plain("avformat_open_input() error -111: Could not open input \"rtsp://h/cam\". "
        + "(Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)"))
        .isEqualTo("avformat_open_input() error -111 (Connection refused): Could not open input \"rtsp://h/cam\".");
    assertThat(CameraStream.plain(null)).isEqualTo("no reason given");
  }
}
