package io.ebmperception.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.CaptureClock;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameEncoding;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import io.ebmperception.testkit.TestFrames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frame older than the maximum age when its turn comes is answered as STALE, never predicted and
 * never skipped silently: one dead letter per frame, in order, counted per camera; fresh frames of
 * the same camera are predicted.
 */
class FreshnessTest {
  private static final long NOW = 1_765_000_000_000L;

  private static byte[] frameCapturedAt(AvroSerde<Frame> serde, long sequence, long capturedMillis) {
    Frame template = TestFrames.frame("cam-1", sequence);
    byte[] jpeg = new byte[template.getBytes().remaining()];
    template.getBytes().duplicate().get(jpeg);
    return serde.serialize("f", FrameRecords.frame("cam-1", sequence, Instant.ofEpochMilli(capturedMillis),
        CaptureClock.STREAM, template.getTask(), FrameEncoding.JPEG, template.getWidth(), template.getHeight(), jpeg,
        null));
  }

  @Test
  void framesOlderThanTheMaximumAgeAreStaleDeadLettersAndFreshOnesArePredicted() {
    WireFormat wire = WireFormat.singleObject();
    AvroSerde<Frame> frames = AvroSerde.frames(wire);
    List<String> staleCameras = new ArrayList<>();
    try (OnnxModel model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
        Batcher batcher = new Batcher(new ImportanceSampler(model, 64, 2), 4, Duration.ofMillis(1), n -> { })) {
      FramePipeline pipeline = new FramePipeline(frames,
          new FrameDecoder(new FrameLimits(100_000, 1_000_000, Duration.ofMillis(500))), batcher,
          Duration.ofSeconds(10), new PipelineObserver() {
            @Override
            public void stale(String cameraId) {
              staleCameras.add(cameraId);
            }
          }, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
      try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline, wire),
          wire)) {
        harness.input.pipeInput("cam-1", frameCapturedAt(frames, 0, NOW - 5_000)); // after a backlog
        harness.input.pipeInput("cam-1", frameCapturedAt(frames, 1, NOW - 501));
        harness.input.pipeInput("cam-1", frameCapturedAt(frames, 2, NOW - 499));
        harness.input.pipeInput("cam-1", frameCapturedAt(frames, 3, NOW));
        List<DeadLetter> dead = harness.deadLetters.readValuesToList();
        assertThat(dead).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.STALE, DeadLetterReason.STALE);
        assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(0L, 1L);
        assertThat(dead.get(0).getMessage()).contains("5000 ms", "stream clock", "500 ms");
        assertThat(harness.predictions.readValuesToList()).extracting(Prediction::getSequence).containsExactly(2L, 3L);
        assertThat(staleCameras).containsExactly("cam-1", "cam-1");
      }
    }
  }
}
