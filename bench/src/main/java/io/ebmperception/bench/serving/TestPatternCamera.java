package io.ebmperception.bench.serving;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A live camera for tests and benches: FFmpeg itself (JavaCV's recorder) streaming a moving test
 * pattern as MPEG-TS at a given rate and size until stopped, either over UDP to 127.0.0.1 or from
 * FFmpeg's own one-client HTTP server ({@code -listen 1}) on 127.0.0.1; it can be started again on
 * the same port, as a camera that reboots.
 */
public final class TestPatternCamera implements AutoCloseable {
  /** How the camera's stream leaves it. */
  public enum Transport {
    /** MPEG-TS datagrams sent to the port; nobody needs to listen. */
    UDP,
    /** FFmpeg's HTTP protocol as a server for one client: the stream starts when a reader connects. */
    HTTP
  }

  private final Transport transport;
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
    this(Transport.UDP, port, fps, width, height);
  }

  public TestPatternCamera(Transport transport, int port, double fps, int width, int height) {
    this.transport = transport;
    this.port = port;
    this.fps = fps;
    this.width = width;
    this.height = height;
  }

  /** A UDP port nobody on this machine is bound to now (for a camera to stream to). */
  public static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The URL a reader opens. */
  public String url() {
    return transport == Transport.UDP ? "udp://127.0.0.1:" + port : "http://127.0.0.1:" + port + "/camera.ts";
  }

  public TestPatternCamera start() {
    running = true;
    thread = new Thread(this::stream, transport.name().toLowerCase() + "-camera-" + port);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * Stops streaming. An HTTP camera that no reader has connected to yet waits in FFmpeg's accept;
   * a short connection releases it.
   */
  public void stop() throws InterruptedException {
    running = false;
    if (thread == null) {
      return;
    }
    thread.join(transport == Transport.UDP ? 5000 : 1000);
    if (thread.isAlive() && transport == Transport.HTTP) {
      try (Socket wake = new Socket("127.0.0.1", port)) {
        wake.getOutputStream().write("GET /camera.ts HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException ignored) {
        // the server went away meanwhile: nothing to wake
      }
      thread.join(5000);
    }
  }

  private void stream() {
    if (transport == Transport.UDP) {
      try {
        serve();
      } catch (Exception e) {
        throw new IllegalStateException("test camera on port " + port + " failed", e);
      }
      return;
    }
    while (running) { // as an IP camera does: a reader that hangs up can connect again
      try {
        serve();
      } catch (Exception e) {
        // the reader hung up (or stop() woke the accept): serve the next one
      }
    }
  }

  private void serve() throws Exception {
    String target = transport == Transport.UDP ? url() + "?pkt_size=1316" : url();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target, width, height);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      if (transport == Transport.HTTP) {
        recorder.setOption("listen", "1"); // FFmpeg's HTTP server: start waits for one client
        recorder.setOption("flush_packets", "1"); // each frame on the wire now, not when 32 KB have gathered
      }
      recorder.setFormat("mpegts");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(fps);
      recorder.setGopSize((int) Math.round(fps)); // a key frame every second: a late reader starts soon
      recorder.setVideoBitrate(Math.max(1_000_000, width * height * 4));
      // start() holds JavaCV's codec lock for its whole run: an HTTP server waiting for its client
      // there would keep every grabber in this process from starting
      recorder.startUnsafe();
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
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
