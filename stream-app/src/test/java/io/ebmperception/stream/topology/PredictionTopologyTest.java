package io.ebmperception.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.TestFrames;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.stream.ops.PipelineMetrics;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PredictionTopologyTest {
  private final LocalSchemaStore store = LocalSchemaStore.withCurrentSchemas();
  private final AvroSerde<Frame> frames = AvroSerde.frames(store);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private OnnxModel model;
  private Batcher batcher;
  private TopologyHarness harness;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, Prediction> predictions;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
    PipelineMetrics metrics = new PipelineMetrics(registry);
    batcher = new Batcher(new ImportanceSampler(model, 128, 4, ModeSearch.upTo(3)), 4, Duration.ofMillis(1), metrics::batch);
    FramePipeline pipeline = new FramePipeline(frames, new FrameDecoder(new FrameLimits(100_000, 1_000_000)),
        batcher, Duration.ofSeconds(10), metrics, Clock.systemUTC());
    harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline, store), store);
    input = harness.input;
    predictions = harness.predictions;
    deadLetters = harness.deadLetters;
  }

  @AfterEach
  void stop() {
    harness.close();
    batcher.close();
    model.close();
  }

  @Test
  void goodFramesBecomePredictionsWithTheFramesIdentity() {
    for (long s = 0; s < 5; s++) {
      input.pipeInput("cam-1", frames.serialize("f", TestFrames.frame("cam-1", s)));
    }
    List<Prediction> out = predictions.readValuesToList();
    assertThat(out).extracting(Prediction::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L);
    Prediction p = out.get(2);
    assertThat(p.getCameraId()).isEqualTo("cam-1");
    assertThat(p.getTargetDim()).isEqualTo(1);
    assertThat(p.getMean()).hasSize(1);
    assertThat(p.getCovariance().get(0)).isPositive();
    assertThat(p.getHypotheses()).hasSize(4);
    assertThat(p.getModes()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(p.getModes().get(0).getWeight()).isBetween(0.02, 1.0 + 1e-9);
    assertThat(p.getModes().get(0).getMean()).hasSize(1);
    assertThat(p.getEffectiveSampleSize()).isBetween(1.0, 128.0);
    assertThat(p.getModelVersion()).isEqualTo(model.bundle().manifest().version());
    assertThat(p.getLabel()).containsExactly(2f);
    assertThat(p.getLatencyMs()).containsKeys("decode", "preprocess", "input_graph", "energy_graph", "total");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(registry.get("ebm.frames.predicted").counter().count()).isEqualTo(5.0);
  }

  @Test
  void replayingAFrameReproducesItsPrediction() {
    byte[] value = frames.serialize("f", TestFrames.frame("cam-7", 42));
    input.pipeInput("cam-7", value);
    input.pipeInput("cam-7", value);
    List<Prediction> out = predictions.readValuesToList();
    assertThat(out.get(0).getMean()).isEqualTo(out.get(1).getMean());
    assertThat(out.get(0).getHypotheses()).isEqualTo(out.get(1).getHypotheses());
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithTheirReasonWhileGoodOnesFlow() {
    byte[] good = frames.serialize("f", TestFrames.frame("cam-1", 1));
    Frame corruptJpeg = TestFrames.frame("cam-1", 2, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}, 48, 32);
    Frame wrongTask = TestFrames.frame("cam-1", 3);
    wrongTask.setTask("headpose");
    Frame tooLarge = TestFrames.frame("cam-1", 4, new byte[200_000], 48, 32);
    byte[] unknownFingerprint = good.clone();
    unknownFingerprint[3] ^= 0x55;

    input.pipeInput("cam-1", frames.serialize("f", corruptJpeg));
    input.pipeInput("cam-1", Arrays.copyOf(good, good.length / 2));
    input.pipeInput("cam-1", unknownFingerprint);
    input.pipeInput("cam-1", frames.serialize("f", wrongTask));
    input.pipeInput("cam-1", frames.serialize("f", tooLarge));
    input.pipeInput("cam-1", good);

    List<DeadLetter> dead = deadLetters.readValuesToList();
    assertThat(dead).extracting(DeadLetter::getReason).containsExactly(
        DeadLetterReason.DECODE_FAILED, DeadLetterReason.DESERIALIZATION,
        DeadLetterReason.UNKNOWN_SCHEMA, DeadLetterReason.WRONG_TASK, DeadLetterReason.TOO_LARGE);
    assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(dead.get(1).getOriginalBytes()).isEqualTo(ByteBuffer.wrap(Arrays.copyOf(good, good.length / 2)));
    assertThat(dead.get(3).getMessage()).contains("headpose", "steering");
    assertThat(predictions.readValuesToList()).extracting(Prediction::getSequence).containsExactly(1L);
    assertThat(registry.get("ebm.dead.letters").tag("reason", "UNKNOWN_SCHEMA").counter().count()).isEqualTo(1.0);
  }
}
