package io.ebmperception.stream.replay;

import io.ebmperception.runtime.kafka.FrameProducers;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.runtime.kafka.ClusterProbe;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.CaptureClock;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.WireFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a recording to the frames topic as JPEG {@link Frame}s keyed by camera id, with
 * capture timestamps (start of replay + the frame's presentation time), at real-time rate or as
 * fast as possible, optionally with labels. The producer is idempotent with {@code acks=all}.
 *
 * <p>Nothing is lost silently: the result of every send is checked, and {@link Result} says how
 * many frames the broker acknowledged and, for each one it did not, its index and reason. The
 * cluster is probed first (an unreachable one ends the replay within
 * {@link ClusterProbe#DEFAULT_TIMEOUT}), and a broker that goes away mid-replay stops it within
 * the producer's delivery timeout instead of retrying forever.
 */
public final class Replayer {
  private final String bootstrap;
  private final Properties clientSettings;
  private final String topic;
  private final WireFormat wire;
  private final int frameMaxBytes;

  /**
   * @param wire how frames are framed on the wire
   * @param frameMaxBytes the app's {@code frame.max.bytes}: the producer admits records that large
   */
  public Replayer(String bootstrap, Properties clientSettings, String topic, WireFormat wire, int frameMaxBytes) {
    this.bootstrap = bootstrap;
    this.clientSettings = clientSettings;
    this.topic = topic;
    this.wire = wire;
    this.frameMaxBytes = frameMaxBytes;
  }

  /** Settings of one replay. */
  public record Options(String cameraId, String task, boolean realTime, long maxFrames, LabelTable labels) {}

  /** A frame the broker did not acknowledge. */
  public record Failure(long index, String reason) {}

  /**
   * What a replay did.
   *
   * @param sent      frames handed to the producer
   * @param delivered frames the broker acknowledged
   * @param failures  the others, by frame index
   * @param stopped   why the replay stopped before the end of the recording, or null
   */
  public record Result(long sent, long delivered, List<Failure> failures, String stopped) {
    public boolean complete() {
      return failures.isEmpty() && stopped == null;
    }
  }

  /** Replays {@code source}; {@code progress} sees each frame sent. */
  public Result replay(FrameSource source, Options options, Consumer<SourceFrame> progress) {
    ClusterProbe.requireReachable(bootstrap, clientSettings, ClusterProbe.DEFAULT_TIMEOUT, topic);
    Properties p = FrameProducers.settings(bootstrap, clientSettings, frameMaxBytes, Duration.ofSeconds(15));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    AvroSerde<Frame> serde = AvroSerde.frames(wire);
    serde.register(topic); // a registry that is away or refuses the schema stops the replay now, in one line
    ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    AtomicLong delivered = new AtomicLong();
    AtomicBoolean brokerGone = new AtomicBoolean();
    BiConsumer<Long, Exception> failed = (index, error) -> {
      failures.add(new Failure(index, describe(error)));
      if (error instanceof RetriableException) { // timed out: not this frame's fault
        brokerGone.set(true);
      }
    };
    long start = System.currentTimeMillis();
    long sent = 0;
    String stopped = null;
    try (KafkaProducer<String, Frame> producer = new KafkaProducer<>(p, new StringSerializer(), serde)) {
      while (source.hasNext() && (options.maxFrames() <= 0 || sent < options.maxFrames())) {
        if (brokerGone.get()) {
          stopped = "stopped after frame " + (sent - 1) + ": the broker stopped acknowledging frames";
          break;
        }
        SourceFrame f;
        try {
          f = source.next();
        } catch (RuntimeException e) { // a frame FFmpeg or OpenCV cannot turn into an image: say so, keep the counts
          stopped = "stopped after frame " + (sent - 1) + ": the next frame of the recording could not be read ("
              + e.getMessage() + ")";
          break;
        }
        if (options.realTime()) {
          long wait = start + f.timestampMs() - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
        // In real time the frame is "captured" at its presentation time; as fast as possible, now.
        long captured = options.realTime() ? start + f.timestampMs() : System.currentTimeMillis();
        Frame frame = FrameRecords.frame(options.cameraId(), f.index(), Instant.ofEpochMilli(captured),
            options.realTime() ? CaptureClock.RECORDING : CaptureClock.READ, options.task(),
            FrameEncoding.JPEG, f.width(), f.height(), f.jpeg(),
            options.labels() == null ? null : options.labels().label(f.index()));
        long index = f.index();
        try {
          producer.send(new ProducerRecord<>(topic, options.cameraId(), frame), (meta, error) -> {
            if (error == null) {
              delivered.incrementAndGet();
            } else {
              failed.accept(index, error);
            }
          });
        } catch (org.apache.kafka.common.KafkaException e) { // refused before it was queued
          failed.accept(index, e);
        }
        sent++;
        progress.accept(f);
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = "interrupted";
    }
    List<Failure> sorted = new ArrayList<>(failures);
    sorted.sort(Comparator.comparingLong(Failure::index));
    return new Result(sent, delivered.get(), List.copyOf(sorted), stopped);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage() == null ? "" : ": " + error.getMessage();
    return error.getClass().getSimpleName() + message;
  }
}
