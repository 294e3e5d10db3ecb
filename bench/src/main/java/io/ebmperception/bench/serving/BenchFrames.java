package io.ebmperception.bench.serving;

import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.PipelineMetrics;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.topology.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ebmperception.stream.replay.FrameSource;
import io.ebmperception.stream.replay.LabelTable;
import io.ebmperception.stream.replay.SourceFrame;
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
        values.add(serde.serialize("bench", FrameRecords.frame("bench", f.index(), Instant.now(),
            io.ebmperception.schemas.CaptureClock.READ, task,
            FrameEncoding.JPEG, f.width(), f.height(), f.jpeg(), labels == null ? null : labels.label(f.index()))));
      }
    }
    return values;
  }

  /** What one pass of a recording through the pipeline gave: predictions, ms per frame, wall seconds. */
  record Pass(List<Prediction> predictions, double[] msPerFrame, double seconds) {
    double framesPerSecond() {
      return predictions.size() / seconds;
    }
  }

  /**
   * Runs every value through the app's pipeline (batch 1, no Kafka) with {@code sampler}, after 20
   * frames of warm-up; a rejected frame is an error (a benchmark must not score a subset silently).
   * Closes the sampler's model.
   */
  static Pass pass(ImportanceSampler sampler, List<byte[]> values, AvroSerde<Frame> serde) {
    try (Batcher batcher = new Batcher(sampler, 1, Duration.ZERO, n -> { })) {
      FramePipeline pipeline = pipeline(serde, batcher, new PipelineMetrics(new SimpleMeterRegistry()));
      for (int i = 0; i < Math.min(20, values.size()); i++) {
        pipeline.handle("bench", values.get(i));
      }
      List<Prediction> predictions = new ArrayList<>();
      double[] ms = new double[values.size()];
      long start = System.nanoTime();
      for (int i = 0; i < values.size(); i++) {
        long t = System.nanoTime();
        Outcome o = pipeline.handle("bench", values.get(i));
        ms[i] = (System.nanoTime() - t) / 1e6;
        if (!(o instanceof Outcome.Predicted p)) {
          throw new IllegalStateException("frame " + i + " was rejected: " + o);
        }
        predictions.add(p.prediction());
      }
      return new Pass(predictions, ms, (System.nanoTime() - start) / 1e9);
    } finally {
      sampler.model().close();
    }
  }

  /**
   * A sampler for {@code bundle} as the app serves by default (hypotheses, mode search and
   * refinement of the default settings) at M = {@code samples}, batch 1, one ONNX thread.
   */
  static ImportanceSampler appDefaultSampler(Path bundle, int samples) {
    io.ebmperception.stream.ops.ServingConfig.Sampling sampling = AppConfig.defaults().serving().sampling();
    return new io.ebmperception.stream.inference.ModelLoader(io.ebmperception.stream.inference.ExecutionProvider.CPU,
        1, samples, sampling.hypotheses(), 1, sampling.modes(), sampling.refinement()).load(bundle);
  }

  /** The app's per-frame pipeline (default frame limits, 30 s inference deadline) around {@code batcher}. */
  static FramePipeline pipeline(AvroSerde<Frame> serde, Batcher batcher, PipelineObserver metrics) {
    // decodes as the app does by default (frame.decode.reduced)
    return new FramePipeline(serde, new FrameDecoder(FrameLimits.defaults(),
        AppConfig.defaults().get(Settings.REDUCED_DECODING)), batcher, Duration.ofSeconds(30),
        metrics, Clock.systemUTC());
  }
}
