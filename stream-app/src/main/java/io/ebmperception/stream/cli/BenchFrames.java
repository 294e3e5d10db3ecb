package io.ebmperception.stream.cli;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.io.FrameSource;
import io.ebmperception.stream.io.LabelTable;
import io.ebmperception.stream.io.SourceFrame;
import io.ebmperception.stream.topology.FramePipeline;
import io.ebmperception.stream.topology.PipelineObserver;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmark commands feed the app: a recording's frames as the Avro values a camera
 * would publish, and the app's frame pipeline without Kafka around a batcher.
 */
final class BenchFrames {
  private BenchFrames() {}

  /**
   * The first {@code max} frames of {@code video} as Avro {@link Frame} values for {@code task},
   * with their labels when {@code labels} is given (else none).
   */
  static List<byte[]> encode(Path video, int max, String task, LabelTable labels, AvroSerde<Frame> serde) {
    List<byte[]> values = new ArrayList<>();
    try (FrameSource source = FrameSource.open(video, 15)) {
      while (source.hasNext() && values.size() < max) {
        SourceFrame f = source.next();
        values.add(serde.serialize("bench", Frame.newBuilder().setCameraId("bench").setSequence(f.index())
            .setCaptureTimestampMs(Instant.now()).setTask(task).setEncoding(FrameEncoding.JPEG)
            .setWidth(f.width()).setHeight(f.height()).setBytes(ByteBuffer.wrap(f.jpeg()))
            .setLabel(labels == null ? null : labels.label(f.index())).build()));
      }
    }
    return values;
  }

  /** The app's per-frame pipeline (default frame limits, 30 s inference deadline) around {@code batcher}. */
  static FramePipeline pipeline(AvroSerde<Frame> serde, Batcher batcher, PipelineObserver metrics) {
    return new FramePipeline(serde, new FrameDecoder(FrameLimits.defaults()), batcher, Duration.ofSeconds(30),
        metrics, Clock.systemUTC());
  }
}
