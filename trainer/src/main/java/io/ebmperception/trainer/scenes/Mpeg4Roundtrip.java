package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.DataFormatException;
import io.ebmperception.vision.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Sends images through an MPEG-4 recording and back, as {@code render --format mp4} writes and
 * replay reads recordings ({@link VideoEncoder}, FFmpeg): the training augmentation for the
 * video codec's own loss.
 */
final class Mpeg4Roundtrip {
  /** Frames per clip: a recording's keyframe interval is of this order at 15 fps. */
  static final int CLIP = 30;

  private Mpeg4Roundtrip() {}

  /** {@code images} (all of one size) after an MPEG-4 recording, in order. */
  static List<RgbImage> of(List<RgbImage> images) {
    List<RgbImage> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += CLIP) {
      out.addAll(clip(images.subList(from, Math.min(images.size(), from + CLIP))));
    }
    return out;
  }

  private static List<RgbImage> clip(List<RgbImage> images) {
    Path file = null;
    try {
      file = Files.createTempFile("ebm-augment-", ".mp4");
      RgbImage first = images.get(0);
      try (VideoEncoder encoder = new VideoEncoder(file, first.width(), first.height(), 15)) {
        for (RgbImage image : images) {
          encoder.write(image.toBufferedImage());
        }
      }
      List<RgbImage> decoded = new ArrayList<>(images.size());
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
        grabber.start();
        Frame frame;
        while (decoded.size() < images.size() && (frame = grabber.grabImage()) != null) {
          decoded.add(fromBgr(frame));
        }
      }
      if (decoded.size() != images.size()) {
        throw new DataFormatException("MPEG-4 augmentation: " + images.size() + " frames written, "
            + decoded.size() + " read back");
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  /**
   * The pixels of a grabbed BGR24 frame. Its rows are padded to FFmpeg's alignment (a 32 px row of
   * 96 bytes is stored in 192), so they are read with the frame's own stride.
   */
  private static RgbImage fromBgr(Frame frame) {
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    ByteBuffer bgr = (ByteBuffer) frame.image[0];
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int src = y * frame.imageStride + 3 * x;
        int dst = 3 * (y * w + x);
        rgb[dst] = bgr.get(src + 2);
        rgb[dst + 1] = bgr.get(src + 1);
        rgb[dst + 2] = bgr.get(src);
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
