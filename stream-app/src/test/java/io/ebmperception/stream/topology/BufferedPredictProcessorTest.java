package io.ebmperception.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.testkit.TestFrames;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Design (ii): frames of one partition are buffered and predicted together, in order, when the
 * buffer is full or its wait is over; the buffer is empty afterwards, and the batcher saw them in
 * one ONNX call.
 */
class BufferedPredictProcessorTest {
  private final WireFormat store = WireFormat.singleObject();
  private final AvroSerde<Frame> frames = AvroSerde.frames(store);
  private final List<Integer> batchSizes = new ArrayList<>();
  private final ExecutorService helpers = Executors.newFixedThreadPool(4);
  private OnnxModel model;
  private Batcher batcher;
  private TopologyHarness harness;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, Prediction> predictions;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
    // A long batcher wait: a batch is cut only when every announced frame has arrived.
    batcher = new Batcher(new ImportanceSampler(model, 128, 4), 4, Duration.ofSeconds(2), batchSizes::add);
    FramePipeline pipeline = new FramePipeline(frames, new FrameDecoder(new FrameLimits(100_000, 1_000_000)),
        batcher, Duration.ofSeconds(10), new PipelineObserver() {}, Clock.systemUTC());
    harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline, store,
        new PredictionTopology.PartitionBatching(4, Duration.ofMillis(50), helpers)), store);
    driver = harness.driver;
    input = harness.input;
    predictions = harness.predictions;
    deadLetters = harness.deadLetters;
  }

  @AfterEach
  void stop() {
    harness.close();
    batcher.close();
    model.close();
    helpers.shutdownNow();
  }

  @Test
  void aFullBufferIsPredictedInOneCallAndInOrder() {
    for (long s = 0; s < 4; s++) {
      input.pipeInput("cam-1", frames.serialize("f", TestFrames.frame("cam-1", s)));
    }
    assertThat(predictions.readValuesToList()).extracting(Prediction::getSequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(batchSizes).containsExactly(4);
    assertThat(buffered()).isZero();
  }

  @Test
  void aPartlyFilledBufferWaitsForItsPunctuationAndDeadLettersKeepTheirSource() {
    input.pipeInput("cam-1", frames.serialize("f", TestFrames.frame("cam-1", 0)));
    input.pipeInput("cam-1", new byte[] {1, 2, 3});
    assertThat(predictions.isEmpty()).isTrue();
    assertThat(buffered()).isEqualTo(2);

    driver.advanceWallClockTime(Duration.ofMillis(60));

    assertThat(predictions.readValuesToList()).extracting(Prediction::getSequence).containsExactly(0L);
    List<DeadLetter> dead = deadLetters.readValuesToList();
    assertThat(dead).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.DESERIALIZATION);
    assertThat(dead.get(0).getOffset()).isEqualTo(1L);
    assertThat(buffered()).isZero();
  }

  private long buffered() {
    KeyValueStore<Long, byte[]> buffer = driver.getKeyValueStore(BufferedPredictProcessor.STORE);
    return buffer.approximateNumEntries();
  }

}
