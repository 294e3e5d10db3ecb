package io.ebmperception.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.testkit.TestFrames;
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
  private final WireFormat store = WireFormat.singleObject();
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
    batcher = new Batcher(new ImportanceSampler(model, 128, 4, ModeSearch.upTo(3)), 4, Duration.ofMillis(1),
        size -> metrics.batch("steering", size));
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
    // version 4: what the numbers are, from the manifest, and which clock the capture time is on
    assertThat(p.getTargetNames()).containsExactly("steering_deg");
    assertThat(p.getTargetUnits()).containsExactly("deg");
    assertThat(p.getCaptureClock()).isEqualTo(io.ebmperception.schemas.CaptureClock.RECORDING);
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

  @Test
  void recordsThatLieAboutTheirSizesAndLabelsOfTheWrongLengthAreDeadLetteredWhileGoodOnesFlow() {
    byte[] good = frames.serialize("f", TestFrames.frame("cam-1", 1));
    Frame twoValues = TestFrames.frame("cam-1", 2);
    twoValues.setLabel(List.of(1f, 2f)); // the model's D is 1
    byte[] trailing = Arrays.copyOf(good, good.length + 5);
    byte[] claimsMore = labelClaiming(good, 1L << 40);

    input.pipeInput("cam-1", frames.serialize("f", twoValues));
    input.pipeInput("cam-1", trailing);
    input.pipeInput("cam-1", claimsMore);
    input.pipeInput("cam-1", good);

    List<DeadLetter> dead = deadLetters.readValuesToList();
    assertThat(dead).extracting(DeadLetter::getReason).containsExactly(
        DeadLetterReason.INVALID_FRAME, DeadLetterReason.DESERIALIZATION, DeadLetterReason.DESERIALIZATION);
    assertThat(dead.get(0).getMessage()).contains("2 value(s)", "D = 1");
    assertThat(dead.get(1).getMessage()).contains("5 byte(s) after the end");
    assertThat(dead.get(2).getMessage()).contains("claims 1099511627776 items");
    assertThat(predictions.readValuesToList()).extracting(Prediction::getSequence).containsExactly(1L);
  }

  /**
   * {@code good} (a frame whose label is one float, the last fields of the body) with the label's
   * item count replaced by {@code count}: the body ends [union 1][count 1][4 float bytes][0].
   */
  private static byte[] labelClaiming(byte[] good, long count) {
    // the frame ends with its one-value label block (count, float, end) and its capture clock
    int clock = 1 + io.ebmperception.schemas.CaptureClock.RECORDING.length();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(good, 0, good.length - 6 - clock);
    long zigzag = (count << 1) ^ (count >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    out.write(good, good.length - 5 - clock, 5 + clock);
    return out.toByteArray();
  }
}
