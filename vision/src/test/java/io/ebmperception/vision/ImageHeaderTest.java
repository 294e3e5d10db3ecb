package io.ebmperception.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.FrameEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {

  @Test
  void readsTheSizeOfBaselineAndProgressiveJpegAndOfPng() throws Exception {
    assertThat(ImageHeader.read(jpeg(48, 32, 1)))
        .contains(new ImageHeader(FrameEncoding.JPEG, 48, 32));
    assertThat(ImageHeader.read(progressiveJpeg(70, 21)))
        .contains(new ImageHeader(FrameEncoding.JPEG, 70, 21));
    assertThat(ImageHeader.read(png(640, 3))).contains(new ImageHeader(FrameEncoding.PNG, 640, 3));
  }

  @Test
  void sniffsTheFormatFromMagicBytesOnly() throws Exception {
    assertThat(ImageHeader.sniff(png(4, 4))).contains(FrameEncoding.PNG);
    assertThat(ImageHeader.sniff(jpeg(8, 8, 1))).contains(FrameEncoding.JPEG);
    assertThat(ImageHeader.sniff(new byte[] {1, 2, 3})).isEmpty();
    assertThat(ImageHeader.sniff(new byte[0])).isEmpty();
  }

  @Test
  void cutOffOrMalformedHeadersAreEmptyNotExceptions() throws Exception {
    byte[] jpeg = jpeg(48, 32, 1);
    for (int cut = 0; cut < 200; cut++) { // every prefix up to past the frame header
      byte[] prefix = Arrays.copyOf(jpeg, Math.min(cut, jpeg.length));
      ImageHeader.read(prefix).ifPresent(h -> assertThat(h.width()).isEqualTo(48));
    }
    byte[] png = png(5, 5);
    assertThat(ImageHeader.read(Arrays.copyOf(png, 20))).isEmpty();
    byte[] zeroWidth = png.clone();
    Arrays.fill(zeroWidth, 16, 20, (byte) 0);
    assertThat(ImageHeader.read(zeroWidth)).isEmpty();
  }

  /** A PNG of the given size. */
  static byte[] png(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "png", out);
    return out.toByteArray();
  }

  private static byte[] progressiveJpeg(int width, int height) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), null, null), param);
    }
    writer.dispose();
    byte[] bytes = out.toByteArray();
    assertThat(Arrays.copyOf(bytes, 2)).containsExactly((byte) 0xff, (byte) 0xd8);
    return bytes;
  }

  /** A small JPEG written by Java's ImageIO: another encoder than the one under test. */
  private static byte[] jpeg(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, (int) seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
