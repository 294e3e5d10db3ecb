package io.ebmperception.ingest;

import io.ebmperception.vision.GrabbedImages;
import io.ebmperception.vision.ImageCodec;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live camera read through FFmpeg (JavaCV's {@link FFmpegFrameGrabber}) on its own thread:
 * frames above the camera's fps are skipped ({@link FrameRate}), the rest resized if asked, encoded as JPEG and put in
 * a bounded queue that a publisher drains. When the publisher (or the broker behind it) falls
 * behind, the oldest queued frame is dropped and counted: the grabber never blocks and memory never
 * grows. A stream that ends, fails or stays silent for the read timeout is opened again after 1, 2,
 * 4, … s (at most the cap), with one log line per state change.
 *
 * <p>The capture time of a frame comes from the best clock the stream offers ({@link CaptureTimes}:
 * an RTSP camera's RTCP wall clock, else the stream's presentation timestamps anchored at the first
 * frame's read time, else the read time), and the frame says which; its sequence number counts up
 * from the epoch millisecond the stream was first opened, so that a restarted ingest never reuses
 * one and a camera's sequence only grows.
 */
public final class CameraStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraStream.class);
  /** Bytes of a UDP stream FFmpeg may read to recognise its format (its default is 5 MB). */
  static final int PROBE_BYTES = 1_000_000;

  /** A frame read and encoded, waiting to be published. */
  public record Grabbed(long sequence, long captureMillis, String clock, int width, int height, byte[] jpeg) {}

  /**
   * How a camera is read.
   *
   * @param queueCapacity frames queued per camera before the oldest is dropped
   * @param readTimeout   a stream silent this long is opened again
   * @param maxBackoff    the longest wait between reconnects (1, 2, 4, … s before it)
   */
  public record Options(int queueCapacity, Duration readTimeout, Duration maxBackoff) {
    /** The defaults, spelled once: the app's settings {@code ingest.*} and every other reader start from them. */
    public static final Options DEFAULT = new Options(8, Duration.ofSeconds(5), Duration.ofSeconds(30));

    public Options {
      if (queueCapacity < 1 || readTimeout.isNegative() || readTimeout.isZero() || maxBackoff.isNegative()
          || maxBackoff.isZero()) {
        throw new IllegalArgumentException("a camera needs a queue of at least 1 and positive read timeout and backoff, "
            + "got " + queueCapacity + ", " + readTimeout + ", " + maxBackoff);
      }
    }

    /** These options with another longest wait between reconnects. */
    public Options withMaxBackoff(Duration value) {
      return new Options(queueCapacity, readTimeout, value);
    }
  }

  /** What a camera has done so far. */
  public record Stats(long grabbed, long queued, long dropped, long skipped, long reconnects, long lastFrameMillis,
      String state) {}

  private final CameraSpec spec;
  private final Options options;
  private final BlockingQueue<Grabbed> queue;
  private final AtomicLong grabbed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong lastFrameMillis = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());
  private final Thread thread;
  private volatile String state = "connecting";
  private volatile boolean running = true;

  public CameraStream(CameraSpec spec, Options options) {
    this.spec = spec;
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.thread = new Thread(this::run, "ebm-camera-" + spec.id());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  public CameraSpec spec() {
    return spec;
  }

  /** The next frame to publish, waiting at most {@code wait}; null if none came. */
  public Grabbed next(Duration wait) throws InterruptedException {
    return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  public Stats stats() {
    return new Stats(grabbed.get(), queue.size(), dropped.get(), skipped.get(), reconnects.get(),
        lastFrameMillis.get(), state);
  }

  private void run() {
    Ffmpeg.routeLogs();
    long backoff = 1000;
    while (running) {
      try (FFmpegFrameGrabber grabber = open()) {
        // start() holds one JVM-wide lock for the whole open and probe, so a camera that does not
        // answer (seconds of probing) held every other camera's start; FFmpeg's codec opening is
        // thread-safe since 4.0, and this build ships 7.
        grabber.startUnsafe();
        change("streaming " + grabber.getImageWidth() + " x " + grabber.getImageHeight());
        backoff = 1000;
        readFrames(grabber);
        if (running) {
          change("stream ended");
        }
      } catch (FrameGrabber.Exception | RuntimeException e) {
        if (running) {
          change("unavailable (" + plain(e.getMessage()) + ")");
        }
      }
      if (!running) {
        return;
      }
      reconnects.incrementAndGet();
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, options.maxBackoff().toMillis());
    }
  }

  private FFmpegFrameGrabber open() {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(spec.url());
    String micros = Long.toString(options.readTimeout().toMillis() * 1000);
    grabber.setOption("timeout", micros); // udp, tcp, http, rtsp (socket I/O): no read waits longer
    grabber.setOption("analyzeduration", "2000000"); // start within 2 s of data, not FFmpeg's 5
    if (spec.url().startsWith("udp://")) {
      // FFmpeg's generic rw_timeout made a silent UDP source block for good here: udp takes only
      // its own timeout. The format is probed, not forced to MPEG-TS: with mpegts forced, random
      // datagrams kept the demuxer resyncing inside the open for as long as they came (120 s
      // measured, no log line); probed, garbage fails the open after PROBE_BYTES with "Invalid data
      // found" and the camera reconnects, while a real MPEG-TS stream is recognised in a few kB.
      grabber.setOption("probesize", Integer.toString(PROBE_BYTES));
    } else {
      grabber.setOption("rw_timeout", micros);
    }
    if (spec.url().startsWith("rtsp://")) {
      grabber.setOption("rtsp_transport", "tcp");
    }
    return grabber;
  }

  private void readFrames(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    FrameRate rate = new FrameRate(spec.fps());
    CaptureTimes times = new CaptureTimes();
    try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      while (running) {
        Frame frame = grabber.grabImage();
        if (frame == null) {
          return; // end of stream or read timeout
        }
        long readMicros = System.currentTimeMillis() * 1000;
        long pts = rawPtsMicros(grabber);
        CaptureTimes.Stamp stamp = times.stamp(pts, realtimeAtZeroMicros(grabber), readMicros);
        long captured = stamp.millis();
        grabbed.incrementAndGet();
        // The limit counts on the camera's own frame spacing (its pts) where the stream has one: the
        // frames an open reads from FFmpeg's probe buffer come at once and get bunched capture times
        // (never later than their read), but keep their spacing on the stream's time line.
        if (!rate.keep(pts != CaptureTimes.NONE ? pts : readMicros)) {
          skipped.incrementAndGet();
          continue;
        }
        Mat mat = GrabbedImages.bgr(frame, converter);
        byte[] jpeg = encode(mat);
        int w = spec.width() > 0 ? spec.width() : mat.cols();
        int h = spec.height() > 0 ? spec.height() : mat.rows();
        offer(new Grabbed(sequence.getAndIncrement(), captured, stamp.clock(), w, h, jpeg));
        lastFrameMillis.set(System.currentTimeMillis());
      }
    }
  }

  /** The frame's pts in µs on the stream's own time line (JavaCV reports it less the stream's start time). */
  private static long rawPtsMicros(FFmpegFrameGrabber grabber) {
    long ts = grabber.getTimestamp();
    if (ts < 0) {
      return CaptureTimes.NONE;
    }
    AVFormatContext oc = grabber.getFormatContext();
    long start = oc == null ? avutil.AV_NOPTS_VALUE : oc.start_time();
    return start == avutil.AV_NOPTS_VALUE ? ts : ts + start;
  }

  /** The real-world time of pts 0 that an RTSP camera's RTCP sender reports gave FFmpeg, or none. */
  private static long realtimeAtZeroMicros(FFmpegFrameGrabber grabber) {
    AVFormatContext oc = grabber.getFormatContext();
    long t = oc == null ? avutil.AV_NOPTS_VALUE : oc.start_time_realtime();
    return t == avutil.AV_NOPTS_VALUE ? CaptureTimes.NONE : t;
  }

  private byte[] encode(Mat bgr) {
    if (spec.width() == 0) {
      return ImageCodec.recordingJpeg(bgr);
    }
    try (Mat small = new Mat(); Size size = new Size(spec.width(), spec.height())) {
      opencv_imgproc.resize(bgr, small, size, 0, 0, opencv_imgproc.INTER_AREA);
      return ImageCodec.recordingJpeg(small);
    }
  }

  /** Queues {@code frame}, dropping the oldest queued frame when full. */
  private void offer(Grabbed frame) {
    while (!queue.offer(frame)) {
      if (queue.poll() != null) {
        dropped.incrementAndGet();
      }
    }
  }

  private void change(String next) {
    if (!next.equals(state)) {
      LOG.info("camera {} ({}): {}", spec.id(), spec.url(), next);
      state = next;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(options.readTimeout().toMillis() + 2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * FFmpeg's error in words, without JavaCV's hints to a programmer ("Has setFormat() been
   * called?" and the like): {@code error -1330794744} reads {@code error -1330794744 (Protocol not found)}.
   */
  static String plain(String message) {
    return message == null ? "no reason given"
        : Ffmpeg.describe(message.replace(" (Has setFormat() been called?)", "")
            .replaceAll(" ?\\(For more details, make sure FFmpegLogCallback\\.set\\(\\) has been called\\.\\)", "").strip());
  }
}
