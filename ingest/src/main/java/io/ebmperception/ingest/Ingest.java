package io.ebmperception.ingest;

import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.runtime.kafka.FrameProducers;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.vision.ImageCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest edge: live cameras ({@link CameraStream}) published as {@code Frame} records to the
 * frames topic, keyed by camera id, through one idempotent producer. One publisher thread per
 * camera drains its queue; a send the producer cannot take within {@link #MAX_BLOCK} (a broker
 * that is away and a full producer buffer) is counted as failed and the thread goes on, so a
 * slow or absent broker shows as dropped frames at the edge, never as a blocked grabber or
 * growing memory.
 */
public final class Ingest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
  /** The longest a publisher waits for room in the producer's buffer. */
  static final Duration MAX_BLOCK = Duration.ofSeconds(2);
  private final KafkaProducer<String, Frame> producer;
  private final String topic;
  private final Map<String, Camera> cameras = new LinkedHashMap<>();
  private volatile boolean running = true;

  /** What one camera has published. */
  public record Published(long sent, long failed, long lastSentMillis) {}

  private final class Camera {
    final CameraStream stream;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong lastSent = new AtomicLong();
    final Thread publisher;

    Camera(CameraStream stream) {
      this.stream = stream;
      this.publisher = new Thread(this::publish, "ebm-publish-" + stream.spec().id());
      this.publisher.setDaemon(true);
    }

    void publish() {
      CameraSpec spec = stream.spec();
      while (running) {
        CameraStream.Grabbed g;
        try {
          g = stream.next(Duration.ofMillis(200));
        } catch (InterruptedException e) {
          return;
        }
        if (g == null) {
          continue;
        }
        Frame frame = FrameRecords.frame(spec.id(), g.sequence(), Instant.ofEpochMilli(g.captureMillis()), g.clock(),
            spec.task(),
            FrameEncoding.JPEG, g.width(), g.height(), g.jpeg(), null);
        try {
          producer.send(new ProducerRecord<>(topic, spec.id(), frame), (meta, error) -> {
            if (error == null) {
              sent.incrementAndGet();
              lastSent.set(System.currentTimeMillis());
            } else {
              failed.incrementAndGet();
            }
          });
        } catch (org.apache.kafka.common.KafkaException e) { // no room within MAX_BLOCK, or refused
          failed.incrementAndGet();
        }
      }
    }
  }

  /** Ready while every camera published a frame within this (the default of {@code ingest.ready.within.s}). */
  public static final Duration DEFAULT_READY_WITHIN = Duration.ofSeconds(10);

  /** An ingest of {@code cameras} into {@code topic} at {@code bootstrap}, to configure and {@link Builder#start()}. */
  public static Builder builder(String bootstrap, String topic, List<CameraSpec> cameras) {
    return new Builder(bootstrap, topic, cameras);
  }

  /** Configures an {@link Ingest}: Kafka client settings, framing, frame size limit and reader options. */
  public static final class Builder {
    private final String bootstrap;
    private final String topic;
    private final List<CameraSpec> cameras;
    private Properties clientSettings = new Properties();
    private WireFormat wire = WireFormat.singleObject();
    private int frameMaxBytes = FrameRecords.DEFAULT_FRAME_MAX_BYTES;
    private CameraStream.Options options = CameraStream.Options.DEFAULT;

    private Builder(String bootstrap, String topic, List<CameraSpec> cameras) {
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.cameras = List.copyOf(cameras);
    }

    /** Kafka client settings (TLS, SASL; the app's {@code kafka.*}). */
    public Builder clientSettings(Properties value) {
      clientSettings = value;
      return this;
    }

    /** How frames are framed on the wire (default: single-object). */
    public Builder wire(WireFormat value) {
      wire = value;
      return this;
    }

    /** The app's {@code frame.max.bytes}: the producer admits such records. */
    public Builder frameMaxBytes(int value) {
      frameMaxBytes = value;
      return this;
    }

    /** How each camera is read (default {@link CameraStream.Options#DEFAULT}). */
    public Builder options(CameraStream.Options value) {
      options = value;
      return this;
    }

    /**
     * Starts reading every camera and publishing; a camera whose URL names a protocol this FFmpeg
     * cannot open is refused first (a typo would otherwise be retried forever).
     */
    public Ingest start() {
      cameras.forEach(CameraSources::requireOpenable);
      // the JPEG codec's natives load here, not on each camera's first frame
      LOG.info("image codec loaded in {} ms", ImageCodec.warmUp());
      return new Ingest(this);
    }
  }

  private Ingest(Builder b) {
    String bootstrap = b.bootstrap;
    Properties clientSettings = b.clientSettings;
    String topic = b.topic;
    WireFormat wire = b.wire;
    int frameMaxBytes = b.frameMaxBytes;
    List<CameraSpec> specs = b.cameras;
    CameraStream.Options options = b.options;
    Properties p = FrameProducers.settings(bootstrap, clientSettings, frameMaxBytes, MAX_BLOCK);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    AvroSerde<Frame> frames = AvroSerde.frames(wire);
    frames.register(topic); // a registry that is away or refuses the schema stops ingest now, in one line
    this.producer = new KafkaProducer<>(p, new StringSerializer(), frames);
    this.topic = topic;
    for (CameraSpec spec : specs) {
      if (cameras.containsKey(spec.id())) {
        producer.close();
        throw new IllegalArgumentException("camera id " + spec.id() + " is given twice");
      }
      cameras.put(spec.id(), new Camera(new CameraStream(spec, options)));
    }
    cameras.values().forEach(c -> c.publisher.start());
  }

  /** The cameras, in the order given. */
  public List<CameraSpec> cameras() {
    return cameras.values().stream().map(c -> c.stream.spec()).toList();
  }

  /** What camera {@code id} has read and queued. */
  public CameraStream.Stats stats(String id) {
    return cameras.get(id).stream.stats();
  }

  /** What camera {@code id} has published. */
  public Published published(String id) {
    Camera c = cameras.get(id);
    return new Published(c.sent.get(), c.failed.get(), c.lastSent.get());
  }

  /** Cameras that published nothing within {@code window}, with their state. */
  public List<String> silent(Duration window) {
    long since = System.currentTimeMillis() - window.toMillis();
    List<String> out = new ArrayList<>();
    cameras.forEach((id, c) -> {
      if (c.lastSent.get() < since) {
        out.add("camera " + id + " published no frame in the last " + window.toSeconds() + " s ("
            + c.stream.stats().state() + ")");
      }
    });
    return out;
  }

  @Override
  public void close() {
    running = false;
    cameras.values().forEach(c -> c.stream.close());
    for (Camera c : cameras.values()) {
      try {
        c.publisher.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(Duration.ofSeconds(10));
  }
}
