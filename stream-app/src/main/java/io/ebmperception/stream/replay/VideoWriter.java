package io.ebmperception.stream.replay;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encodes an image folder as an MPEG-4 video with JavaCV's {@link FFmpegFrameRecorder}. */
public final class VideoWriter {
  private VideoWriter() {}

  /** Writes the images of {@code folder} (name order) to {@code output} at {@code fps}; returns the frame count. */
  public static int encode(Path folder, Path output, double fps) {
    int frames = 0;
    try (FrameSource.ImageFolder source = new FrameSource.ImageFolder(folder, fps)) {
      FFmpegFrameRecorder recorder = null;
      OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
      try {
        while (source.hasNext()) {
          SourceFrame f = source.next();
          try (Mat jpeg = new Mat(f.jpeg());
              Mat bgr = opencv_imgcodecs.imdecode(jpeg, opencv_imgcodecs.IMREAD_COLOR)) {
            if (recorder == null) {
              recorder = new FFmpegFrameRecorder(output.toFile(), bgr.cols(), bgr.rows());
              recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
              recorder.setFormat("mp4");
              recorder.setFrameRate(fps);
              recorder.setVideoQuality(2);
              recorder.start();
            }
            recorder.record(converter.convert(bgr));
            frames++;
          }
        }
      } finally {
        if (recorder != null) {
          recorder.close();
        }
      }
    } catch (FrameRecorder.Exception e) {
      throw new IllegalArgumentException("cannot write video " + output + ": " + e.getMessage(), e);
    }
    return frames;
  }
}
