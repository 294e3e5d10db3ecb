package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.DataFormatException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes rendered frames as an MPEG-4 video through JavaCV's {@link FFmpegFrameRecorder}; the
 * stream app replays such files through FFmpeg like any camera recording.
 */
public final class VideoEncoder implements AutoCloseable {
  private final FFmpegFrameRecorder recorder;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private int frames;

  /** Opens {@code output} for frames of {@code width × height} at {@code fps}. */
  public VideoEncoder(Path output, int width, int height, double fps) {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    recorder = new FFmpegFrameRecorder(output.toFile(), width, height);
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
    recorder.setFormat("mp4");
    recorder.setFrameRate(fps);
    recorder.setVideoQuality(2);
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      throw new DataFormatException("cannot write video " + output + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends one frame of the size given at opening. Frames are passed to FFmpeg as 8-bit BGR:
   * handing over the int-packed RGB rasters the renderers draw into scrambles the colours.
   */
  public void write(BufferedImage image) {
    BufferedImage bgr = image;
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      bgr.getGraphics().drawImage(image, 0, 0, null);
    }
    try {
      recorder.record(converter.convert(bgr));
      frames++;
    } catch (FrameRecorder.Exception e) {
      throw new DataFormatException("cannot encode frame " + frames + ": " + e.getMessage(), e);
    }
  }

  /** Frames written so far. */
  public int frames() {
    return frames;
  }

  @Override
  public void close() {
    try {
      recorder.close();
    } catch (FrameRecorder.Exception e) {
      throw new DataFormatException("cannot finish the video: " + e.getMessage(), e);
    }
  }
}
