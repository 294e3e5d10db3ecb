package io.ebmperception.it;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A live camera for tests: FFmpeg itself (JavaCV's recorder) streaming a moving test pattern as
 * MPEG-TS over UDP to 127.0.0.1 at a given rate, until stopped; it can be started again on the
 * same port, as a camera that reboots.
 */
final class UdpCamera implements AutoCloseable {
  private final int port;
  private final double fps;
  private volatile boolean running;
  private Thread thread;

  UdpCamera(int port, double fps) {
    this.port = port;
    this.fps = fps;
  }

  String url() {
    return "udp://127.0.0.1:" + port;
  }

  UdpCamera start() {
    running = true;
    thread = new Thread(this::stream, "udp-camera-" + port);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(5000);
    }
  }

  private void stream() {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url() + "?pkt_size=1316", 320, 240);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("mpegts");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(fps);
      recorder.setGopSize((int) Math.round(fps)); // a key frame every second: a late reader starts soon
      recorder.setVideoBitrate(1_000_000);
      recorder.start();
      long periodNanos = (long) (1e9 / fps);
      long next = System.nanoTime();
      for (int i = 0; running; i++) {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(60, 120, 60));
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.WHITE);
        g.fillRect((i * 9) % 280, 100, 40, 40);
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
