package io.ebmperception.bench.serving;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A live camera for tests and benches: FFmpeg itself (JavaCV's recorder) streaming a moving test
 * pattern as MPEG-TS over UDP to 127.0.0.1 at a given rate and size, until stopped; it can be
 * started again on the same port, as a camera that reboots.
 */
public final class TestPatternCamera implements AutoCloseable {
  private final int port;
  private final double fps;
  private final int width;
  private final int height;
  private volatile boolean running;
  private Thread thread;

  /** A 320 × 240 camera. */
  public TestPatternCamera(int port, double fps) {
    this(port, fps, 320, 240);
  }

  public TestPatternCamera(int port, double fps, int width, int height) {
    this.port = port;
    this.fps = fps;
    this.width = width;
    this.height = height;
  }

  public String url() {
    return "udp://127.0.0.1:" + port;
  }

  public TestPatternCamera start() {
    running = true;
    thread = new Thread(this::stream, "udp-camera-" + port);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  public void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(5000);
    }
  }

  private void stream() {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url() + "?pkt_size=1316", width, height);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("mpegts");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(fps);
      recorder.setGopSize((int) Math.round(fps)); // a key frame every second: a late reader starts soon
      recorder.setVideoBitrate(Math.max(1_000_000, width * height * 4));
      recorder.start();
      long periodNanos = (long) (1e9 / fps);
      long next = System.nanoTime();
      for (int i = 0; running; i++) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(60, 120, 60));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        int box = height / 6;
        g.fillRect((i * 9) % (width - box), height * 2 / 5, box, box);
        g.dispose();
        recorder.record(converter.convert(image));
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("test camera on port " + port + " failed", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
