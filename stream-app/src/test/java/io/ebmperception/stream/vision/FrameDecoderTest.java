package io.ebmperception.stream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.vision.ImageCodec;
import io.ebmperception.vision.RgbImage;
import io.ebmperception.vision.Preprocessor;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private final FrameDecoder decoder = new FrameDecoder(new FrameLimits(50_000, 10_000));

  @Test
  void decodesJpegToRgbOfTheDeclaredSize() {
    RgbImage image = decoder.decode(TestFrames.frame("c", 3));
    assertThat(image.width()).isEqualTo(48);
    assertThat(image.height()).isEqualTo(32);
    // The background is green-ish (80, 130, 60): RGB order, not OpenCV's BGR.
    int g = image.rgb()[1] & 0xff;
    int r = image.rgb()[0] & 0xff;
    assertThat(g).isGreaterThan(r);
  }

  @Test
  void rejectsWithReasons() {
    Frame raw = TestFrames.frame("c", 1, new byte[10], 2, 2);
    raw.setEncoding(FrameEncoding.RAW_RGB8);
    assertThatThrownBy(() -> decoder.decode(raw)).hasMessageContaining("12 expected")
        .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FRAME));
    assertThatThrownBy(() -> decoder.decode(TestFrames.frame("c", 1, new byte[10], 200, 200)))
        .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.TOO_LARGE));
    assertThatThrownBy(() -> decoder.decode(TestFrames.frame("c", 1, TestFrames.jpeg(48, 32, 1), 40, 32)))
        .hasMessageContaining("the image is 48 x 32");
    assertThatThrownBy(() -> decoder.decode(TestFrames.frame("c", 1, new byte[] {1, 2, 3}, 48, 32)))
        .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DECODE_FAILED));
  }

  @Test
  void aPixelBombIsRejectedFromItsHeaderWithoutDecoding() throws Exception {
    // A real 64 x 48 PNG whose header says 16000 x 16000: OpenCV would allocate 768 MB for it.
    byte[] bomb = TestFrames.png(64, 48);
    java.nio.ByteBuffer.wrap(bomb, 16, 8).putInt(16000).putInt(16000);
    Frame frame = TestFrames.frame("c", 1, bomb, 64, 48);
    frame.setEncoding(FrameEncoding.PNG);
    FrameDecoder generous = new FrameDecoder(FrameLimits.defaults());
    assertThatThrownBy(() -> generous.decode(frame))
        .hasMessageContaining("the image is 16000 x 16000").hasMessageContaining("not decoded")
        .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FRAME));
  }

  @Test
  void theEncodingFieldMustMatchTheMagicBytes() throws Exception {
    Frame pngAsJpeg = TestFrames.frame("c", 1, TestFrames.png(48, 32), 48, 32);
    assertThat(pngAsJpeg.getEncoding()).isEqualTo(FrameEncoding.JPEG);
    assertThatThrownBy(() -> decoder.decode(pngAsJpeg)).hasMessageContaining("says JPEG but its bytes are PNG")
        .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_FRAME));
    Frame png = TestFrames.frame("c", 1, TestFrames.png(48, 32), 48, 32);
    png.setEncoding(FrameEncoding.PNG);
    assertThat(decoder.decode(png).width()).isEqualTo(48);
    Frame cutJpeg = TestFrames.frame("c", 1, java.util.Arrays.copyOf(TestFrames.jpeg(48, 32, 1), 30), 48, 32);
    assertThatThrownBy(() -> decoder.decode(cutJpeg)).hasMessageContaining("header is cut off")
        .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DECODE_FAILED));
  }

  @Test
  void rawFramesPassThroughAndPreprocessingNormalisesChannelsFirst() {
    byte[] rgb = new byte[16 * 16 * 3];
    for (int i = 0; i < 16 * 16; i++) {
      rgb[i * 3] = (byte) 255;
    }
    Frame raw = TestFrames.frame("c", 1, rgb, 16, 16);
    raw.setEncoding(FrameEncoding.RAW_RGB8);
    float[] x = Preprocessor.forInput(TestBundles.steering16().manifest().input()).apply(decoder.decode(raw));
    assertThat(x).hasSize(3 * 16 * 16);
    assertThat(x[0]).isCloseTo((1f - 0.485f) / 0.229f, org.assertj.core.api.Assertions.within(1e-5f));
    assertThat(x[256]).isCloseTo((0f - 0.456f) / 0.224f, org.assertj.core.api.Assertions.within(1e-5f));
  }

  @Test
  void theReductionIsTheLargestThatKeepsTwiceTheModelsInput() {
    assertThat(ImageCodec.reduction(1920, 1080, 64, 64)).isEqualTo(8); // 240 x 135
    assertThat(ImageCodec.reduction(1280, 720, 64, 64)).isEqualTo(4); // 320 x 180
    assertThat(ImageCodec.reduction(640, 480, 64, 64)).isEqualTo(2); // 320 x 240
    assertThat(ImageCodec.reduction(1920, 1080, 32, 32)).isEqualTo(8);
    assertThat(ImageCodec.reduction(48, 32, 16, 16)).isEqualTo(1);
    assertThat(ImageCodec.reduction(1920, 1080, 0, 0)).isEqualTo(1);
  }

  @Test
  void aLargeJpegIsDecodedAtTheReducedSizeOnlyWhenAsked() {
    byte[] jpeg = TestFrames.jpeg(1280, 720, 5);
    Frame hd = TestFrames.frame("c", 5, jpeg, 1280, 720);
    FrameLimits limits = new FrameLimits(8 << 20, 4096L * 4096);
    RgbImage reduced = new FrameDecoder(limits, true).decode(hd, 64, 64);
    assertThat(reduced.width()).isEqualTo(320);
    assertThat(reduced.height()).isEqualTo(180);
    RgbImage full = new FrameDecoder(limits, false).decode(hd, 64, 64);
    assertThat(full.width()).isEqualTo(1280);
    assertThat(full.height()).isEqualTo(720);
    // The same picture: the reduced pixel (0, 0) averages the full image's top-left 4 x 4 block.
    assertThat(Math.abs((reduced.rgb()[1] & 0xff) - (full.rgb()[1] & 0xff))).isLessThan(8);
  }
}
