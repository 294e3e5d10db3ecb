package io.ebmperception.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class GrabbedImagesTest {
  @Test
  void aSmallFrameWithPaddedRowsIsReadAsThreeChannels() {
    // FFmpeg stores a 32 px BGR24 row (96 bytes) in 192; JavaCV then reports 6 channels
    Frame frame = new Frame(32, 4, Frame.DEPTH_UBYTE, 6, 192);
    ByteBuffer data = (ByteBuffer) frame.image[0];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 32; x++) {
        data.put(y * 192 + 3 * x, (byte) x).put(y * 192 + 3 * x + 1, (byte) y).put(y * 192 + 3 * x + 2, (byte) 7);
      }
    }
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      Mat bgr = GrabbedImages.bgr(frame, converter);
      assertThat(bgr.channels()).isEqualTo(3);
      assertThat(bgr.cols()).isEqualTo(32);
      assertThat(bgr.rows()).isEqualTo(4);
      byte[] jpeg = ImageCodec.recordingJpeg(bgr);
      assertThat(jpeg).isNotEmpty();
      // pixel (x = 5, y = 3): B = 5, G = 3, R = 7, read through the padded step
      assertThat(bgr.ptr(3, 5).get(0)).isEqualTo((byte) 5);
      assertThat(bgr.ptr(3, 5).get(1)).isEqualTo((byte) 3);
      assertThat(bgr.ptr(3, 5).get(2)).isEqualTo((byte) 7);
    }
  }

  @Test
  void aFrameThatIsNotEightBitIsAClearError() {
    Frame frame = new Frame(8, 8, Frame.DEPTH_FLOAT, 3);
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      assertThatThrownBy(() -> GrabbedImages.bgr(frame, converter)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not 8-bit");
    }
  }
}
