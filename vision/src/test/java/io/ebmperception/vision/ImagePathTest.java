package io.ebmperception.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebmperception.schemas.FrameEncoding;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePathTest {
  private static final ImagePath PATH = new ImagePath(new Preprocessor(32, 32, ImageNormalisation.IMAGENET), true);

  @Test
  void normalisationIsTheManifestsFormulaChannelsFirst() {
    byte[] rgb = {(byte) 255, 0, (byte) 128};
    float[] out = new float[3];
    ImageNormalisation.IMAGENET.toChw(rgb, 1, 1, out, 0);
    assertThat(out[0]).isCloseTo((1f - 0.485f) / 0.229f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(out[1]).isCloseTo((0f - 0.456f) / 0.224f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(out[2]).isCloseTo((128f / 255f - 0.406f) / 0.225f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void areaResizeAveragesBlocks() {
    // a 2 x 2 checker of 0 and 200 reduced to one pixel averages to 100
    byte[] rgb = new byte[2 * 2 * 3];
    for (int i : new int[] {0, 3}) {
      rgb[3 * i] = (byte) 200;
      rgb[3 * i + 1] = (byte) 200;
      rgb[3 * i + 2] = (byte) 200;
    }
    RgbImage one = new Preprocessor(1, 1, ImageNormalisation.IMAGENET).resized(new RgbImage(2, 2, rgb));
    assertThat(one.rgb()[0] & 0xff).isEqualTo(100);
  }

  @Test
  void largeJpegsAreDecodedAtTheReductionThatKeepsTwiceTheInput() {
    assertThat(PATH.reduction(FrameEncoding.JPEG, 256, 256)).isEqualTo(4);
    assertThat(PATH.reduction(FrameEncoding.JPEG, 512, 512)).isEqualTo(8);
    assertThat(PATH.reduction(FrameEncoding.JPEG, 64, 64)).isEqualTo(1);
    assertThat(PATH.reduction(FrameEncoding.PNG, 512, 512)).isEqualTo(1);
    RgbImage decoded = PATH.decode(ImageCodec.jpeg(scene(256, 256, BufferedImage.TYPE_INT_RGB), 90));
    assertThat(decoded.width()).isEqualTo(64);
    assertThat(new ImagePath(PATH.preprocessor(), false).decode(ImageCodec.jpeg(scene(256, 256,
        BufferedImage.TYPE_INT_RGB), 90)).width()).isEqualTo(256);
  }

  @Test
  void greyAlphaAndOddSizedPngsBecomeThreeChannelInputs() throws IOException {
    for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_RGB}) {
      for (int[] size : new int[][] {{32, 32}, {33, 17}, {641, 479}}) {
        BufferedImage image = new BufferedImage(size[0], size[1], type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(120, 120, 120, 255));
        g.fillRect(0, 0, size[0], size[1]);
        g.dispose();
        float[] input = PATH.input(png(image));
        assertThat(input).hasSize(3 * 32 * 32);
        // mid grey everywhere: each channel holds its normalised value
        assertThat(input[0]).isCloseTo((120f / 255f - 0.485f) / 0.229f, org.assertj.core.data.Offset.offset(0.02f));
      }
    }
  }

  @Test
  void bytesThatAreNoImageAreAClearError() {
    assertThatThrownBy(() -> PATH.input(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PNG or JPEG");
  }

  @Test
  void theRecordingCodecIsTheJpegTheAppDecodesAndStaysCloseToLossless() {
    RgbImage scene = scene(256, 256, BufferedImage.TYPE_INT_RGB);
    float[] lossless = new float[3 * 32 * 32];
    float[] jpeg = new float[3 * 32 * 32];
    PATH.input(scene, FrameCodec.LOSSLESS, lossless, 0);
    PATH.input(scene, FrameCodec.RECORDING_JPEG, jpeg, 0);
    float[] viaBytes = PATH.input(ImageCodec.jpeg(scene, ImageCodec.RECORDING_JPEG_QUALITY));
    assertThat(jpeg).containsExactly(viaBytes);
    double maxLevels = 0;
    for (int i = 0; i < jpeg.length; i++) {
      maxLevels = Math.max(maxLevels, Math.abs(jpeg[i] - lossless[i]) * 0.229 * 255);
    }
    assertThat(maxLevels).as("levels of 8 bits between JPEG q90 and lossless").isGreaterThan(0).isLessThan(40);
  }

  private static RgbImage scene(int w, int h, int type) {
    BufferedImage image = new BufferedImage(w, h, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(80, 130, 60));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(200, 60, 40));
    g.fillOval(w / 4, h / 4, w / 2, h / 3);
    g.dispose();
    return RgbImage.of(image);
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
