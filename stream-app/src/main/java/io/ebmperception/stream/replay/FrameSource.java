package io.ebmperception.stream.replay;

import io.ebmperception.vision.GrabbedImages;
import io.ebmperception.vision.ImageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frames of a recording, as JPEG: a video file read with JavaCV's {@link FFmpegFrameGrabber}, or
 * a folder of images (PNG or JPEG, in name order) at a given frame rate.
 */
public interface FrameSource extends Iterator<SourceFrame>, AutoCloseable {

  @Override
  void close();

  /** Opens {@code path}: a folder of images, or a video file any FFmpeg build can read. */
  static FrameSource open(Path path, double folderFps) {
    if (Files.isDirectory(path)) {
      return new ImageFolder(path, folderFps);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + ": no such video file or image folder");
    }
    return new Video(path);
  }

  /** Video frames through FFmpeg. */
  final class Video implements FrameSource {
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private SourceFrame next;
    private long index;

    Video(Path file) {
      // FFmpeg prints every file's stream details to stderr by default; keep only errors.
      io.ebmperception.ingest.Ffmpeg.routeLogs(); // FFmpeg's messages through the log, not stderr
      grabber = new FFmpegFrameGrabber(file.toFile());
      try {
        grabber.start();
      } catch (FrameGrabber.Exception e) {
        throw new IllegalArgumentException(file + ": cannot read video (" + e.getMessage() + ")", e);
      }
      advance();
    }

    private void advance() {
      try {
        Frame frame;
        do {
          frame = grabber.grabImage();
        } while (frame != null && frame.image == null);
        if (frame == null) {
          next = null;
          return;
        }
        Mat mat = GrabbedImages.bgr(frame, converter);
        next = new SourceFrame(index++, grabber.getTimestamp() / 1000, mat.cols(), mat.rows(), ImageCodec.recordingJpeg(mat));
      } catch (FrameGrabber.Exception e) {
        throw new UncheckedIOException(new IOException("video read failed: " + e.getMessage(), e));
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public SourceFrame next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      SourceFrame out = next;
      advance();
      return out;
    }

    @Override
    public void close() {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception e) {
        throw new UncheckedIOException(new IOException(e));
      }
    }
  }

  /** Image files of a folder in name order. */
  final class ImageFolder implements FrameSource {
    private final List<Path> files;
    private final double fps;
    private int index;

    ImageFolder(Path dir, double fps) {
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(f -> {
          String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
          return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
        }).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException(dir + ": no .png or .jpg images");
      }
      this.fps = fps;
    }

    @Override
    public boolean hasNext() {
      return index < files.size();
    }

    @Override
    public SourceFrame next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Path file = files.get(index);
      try (Mat mat = opencv_imgcodecs.imread(file.toString())) {
        if (mat == null || mat.empty()) {
          throw new IllegalArgumentException(file + ": not a readable image");
        }
        long i = index++;
        return new SourceFrame(i, Math.round(i * 1000 / fps), mat.cols(), mat.rows(), ImageCodec.recordingJpeg(mat));
      }
    }

    @Override
    public void close() {}
  }
}
