package io.ebmperception.stream.io;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.LocalSchemaStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a recording to the frames topic as JPEG {@link Frame}s keyed by camera id, with
 * capture timestamps (start of replay + the frame's presentation time), at real-time rate or as
 * fast as possible, optionally with labels. The producer is idempotent with {@code acks=all}.
 */
public final class Replayer {
  private final String bootstrap;
  private final Properties clientSettings;
  private final String topic;

  public Replayer(String bootstrap, Properties clientSettings, String topic) {
    this.bootstrap = bootstrap;
    this.clientSettings = clientSettings;
    this.topic = topic;
  }

  /** Settings of one replay. */
  public record Options(String cameraId, String task, boolean realTime, long maxFrames, LabelTable labels) {}

  /** Replays {@code source}; {@code progress} sees each frame sent. Returns the number of frames sent. */
  public long replay(FrameSource source, Options options, Consumer<SourceFrame> progress) {
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    AvroSerde<Frame> serde = AvroSerde.frames(LocalSchemaStore.withCurrentSchemas());
    long start = System.currentTimeMillis();
    long sent = 0;
    try (KafkaProducer<String, Frame> producer = new KafkaProducer<>(p, new StringSerializer(), serde)) {
      while (source.hasNext() && (options.maxFrames() <= 0 || sent < options.maxFrames())) {
        SourceFrame f = source.next();
        if (options.realTime()) {
          long wait = start + f.timestampMs() - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
        // In real time the frame is "captured" at its presentation time; as fast as possible, now.
        long captured = options.realTime() ? start + f.timestampMs() : System.currentTimeMillis();
        Frame frame = Frame.newBuilder().setCameraId(options.cameraId()).setSequence(f.index())
            .setCaptureTimestampMs(Instant.ofEpochMilli(captured)).setTask(options.task())
            .setEncoding(FrameEncoding.JPEG).setWidth(f.width()).setHeight(f.height())
            .setBytes(ByteBuffer.wrap(f.jpeg()))
            .setLabel(options.labels() == null ? null : options.labels().label(f.index()))
            .build();
        producer.send(new ProducerRecord<>(topic, options.cameraId(), frame));
        sent++;
        progress.accept(f);
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sent;
  }
}
