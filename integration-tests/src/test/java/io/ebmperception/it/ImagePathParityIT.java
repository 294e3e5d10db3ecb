package io.ebmperception.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import io.ebmperception.trainer.data.ImageFolderLoader;
import io.ebmperception.trainer.data.RegressionDataset;
import io.ebmperception.trainer.scenes.SyntheticScenes;
import io.ebmperception.vision.FrameCodec;
import io.ebmperception.vision.ImageCodec;
import io.ebmperception.vision.ImageNormalisation;
import io.ebmperception.vision.ImagePath;
import io.ebmperception.vision.Preprocessor;
import io.ebmperception.vision.RgbImage;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer and the app see the same pixels: one image file (PNG and JPEG, colour, grey and with
 * alpha, odd sizes, JPEGs the app decodes at a reduced scale) gives the same model input through
 * the trainer's image-folder loader as through the app's frame decoder and preprocessor, within one
 * level of 8 bits; and a rendered scene sent as the recordings' JPEG gives the trainer the input
 * the app computes from that JPEG frame.
 */
class ImagePathParityIT {
  private static final int SIDE = 32;
  private static final ImageNormalisation NORM = ImageNormalisation.IMAGENET;

  private record ImageFile(String name, FrameEncoding encoding, int width, int height, byte[] bytes) {}

  @Test
  void anImageFileGivesTheTrainerAndTheAppTheSameInput(@TempDir Path dir) throws Exception {
    List<ImageFile> files = new ArrayList<>();
    files.add(file("scene-256.jpg", scene(256, 256, BufferedImage.TYPE_INT_RGB), "jpeg"));
    files.add(file("scene-1280x720.jpg", scene(1280, 720, BufferedImage.TYPE_INT_RGB), "jpeg"));
    files.add(file("scene-641x479.jpg", scene(641, 479, BufferedImage.TYPE_INT_RGB), "jpeg"));
    files.add(file("scene-32.png", scene(32, 32, BufferedImage.TYPE_INT_RGB), "png"));
    files.add(file("scene-64-grey.png", scene(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png"));
    files.add(file("scene-33x17-alpha.png", scene(33, 17, BufferedImage.TYPE_INT_ARGB), "png"));
    files.add(file("scene-100x61.png", scene(100, 61, BufferedImage.TYPE_INT_RGB), "png"));
    StringBuilder csv = new StringBuilder("file,y\n");
    for (ImageFile f : files) {
      Files.write(dir.resolve(f.name()), f.bytes());
      csv.append(f.name()).append(",0\n");
    }
    Files.writeString(dir.resolve("labels.csv"), csv);
    RegressionDataset trained = new ImageFolderLoader(SIDE, NORM).load(dir.resolve("labels.csv"), List.of("y"));

    FrameDecoder decoder = new FrameDecoder(FrameLimits.defaults(), AppConfig.defaults().get(Settings.REDUCED_DECODING));
    Preprocessor app = Preprocessor.forInput(NORM.inputSpec(new long[] {3, SIDE, SIDE}));
    int plane = 3 * SIDE * SIDE;
    double worst = 0;
    int reduced = 0;
    for (int i = 0; i < files.size(); i++) {
      ImageFile f = files.get(i);
      Frame frame = TestFrames.frame("parity", i, f.bytes(), f.width(), f.height());
      frame.setEncoding(f.encoding());
      RgbImage decoded = decoder.decode(frame, SIDE, SIDE);
      reduced += decoded.width() < f.width() ? 1 : 0;
      float[] served = app.apply(decoded);
      double levels = maxLevels(trained.inputs(), i * plane, served);
      assertThat(levels).as("%s: trainer and app inputs differ by up to %.3f levels", f.name(), levels)
          .isLessThanOrEqualTo(1.0);
      worst = Math.max(worst, levels);
    }
    assertThat(reduced).as("JPEGs the app decodes at a reduced scale").isEqualTo(3);
    System.out.printf("image path parity: worst difference %.4f levels of 8 bits over %d files%n", worst, files.size());
  }

  @Test
  void aRenderedSceneSentAsTheRecordingsJpegGivesTheAppsInput() {
    ImagePath trainer = new ImagePath(new Preprocessor(SIDE, SIDE, NORM), true);
    FrameDecoder decoder = new FrameDecoder(FrameLimits.defaults(), AppConfig.defaults().get(Settings.REDUCED_DECODING));
    Preprocessor app = Preprocessor.forInput(NORM.inputSpec(new long[] {3, SIDE, SIDE}));
    SplittableRandom rng = new SplittableRandom(3);
    for (int side : new int[] {32, 64, 256}) {
      RgbImage image = RgbImage.of(SyntheticScenes.ROADS.sample(rng, side, side).image());
      float[] training = new float[3 * SIDE * SIDE];
      trainer.input(image, FrameCodec.RECORDING_JPEG, training, 0);
      Frame frame = TestFrames.frame("parity", side, ImageCodec.jpeg(image, ImageCodec.RECORDING_JPEG_QUALITY), side, side);
      assertThat(maxLevels(training, 0, app.apply(decoder.decode(frame, SIDE, SIDE)))).as("%d px", side)
          .isLessThanOrEqualTo(1.0);
    }
  }

  /** The largest difference between two normalised inputs, in levels of 8 bits. */
  private static double maxLevels(float[] a, int offset, float[] b) {
    int plane = SIDE * SIDE;
    double worst = 0;
    for (int j = 0; j < b.length; j++) {
      double std = NORM.std()[j / plane];
      worst = Math.max(worst, Math.abs(a[offset + j] - b[j]) * std / NORM.scale());
    }
    return worst;
  }

  private static BufferedImage scene(int w, int h, int type) {
    BufferedImage rendered = SyntheticScenes.ROADS.sample(new SplittableRandom(w * 31L + h), w, h).image();
    BufferedImage out = new BufferedImage(w, h, type);
    Graphics2D g = out.createGraphics();
    g.drawImage(rendered, 0, 0, null);
    g.dispose();
    return out;
  }

  /** A file as another program would write it (Java's ImageIO; JPEG at quality 0.85). */
  private static ImageFile file(String name, BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (format.equals("png")) {
      ImageIO.write(image, "png", out);
    } else {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
        writer.setOutput(stream);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        writer.write(null, new IIOImage(image, null, null), param);
      } finally {
        writer.dispose();
      }
    }
    return new ImageFile(name, format.equals("png") ? FrameEncoding.PNG : FrameEncoding.JPEG, image.getWidth(),
        image.getHeight(), out.toByteArray());
  }
}
