package io.ebmperception.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import io.ebmperception.testkit.TestFrames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames of two tasks on one topic, one model per task: each frame is predicted by its task's
 * model (its name and target names in the prediction), each model's batcher sees only its task's
 * frames, a frame of a task with no model is a {@code WRONG_TASK} dead letter naming the tasks
 * served, and a camera's answers stay in order, frame by frame and with partition buffers.
 */
class TaskRoutingTest {
  private final WireFormat wire = WireFormat.singleObject();
  private final AvroSerde<Frame> frames = AvroSerde.frames(wire);
  private final ExecutorService helpers = Executors.newFixedThreadPool(8);
  private final Map<String, List<Integer>> batchSizes = new ConcurrentHashMap<>();
  private final Map<String, Integer> predictedPerTask = new ConcurrentHashMap<>();
  private OnnxModel steeringModel;
  private OnnxModel headsModel;
  private Batcher steering;
  private Batcher heads;
  private FramePipeline pipeline;

  @BeforeEach
  void start(@TempDir Path dir) {
    steeringModel = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
    headsModel = new OnnxModel(ModelBundle.load(TestBundles.forTask(dir.resolve("heads"), "headpose", "heads-16",
        "yaw_deg")), ExecutionProvider.CPU, 1);
    steering = batcher(steeringModel, "steering");
    heads = batcher(headsModel, "headpose");
    pipeline = new FramePipeline(frames, new FrameDecoder(new FrameLimits(100_000, 1_000_000)),
        Map.of("steering", steering, "headpose", heads), Duration.ofSeconds(10), new PipelineObserver() {
          @Override
          public void predicted(String task, double effectiveSampleSize) {
            predictedPerTask.merge(task, 1, Integer::sum);
          }
        }, Clock.systemUTC());
  }

  private Batcher batcher(OnnxModel model, String task) {
    // a long batcher wait: a batch is cut only when every announced frame of its task has arrived
    return new Batcher(new ImportanceSampler(model, 64, 2), 4, Duration.ofSeconds(2),
        n -> batchSizes.computeIfAbsent(task, t -> new ArrayList<>()).add(n));
  }

  @AfterEach
  void stop() {
    steering.close();
    heads.close();
    steeringModel.close();
    headsModel.close();
    helpers.shutdownNow();
  }

  private byte[] frame(String camera, long sequence, String task) {
    Frame f = TestFrames.frame(camera, sequence);
    f.setTask(task);
    return frames.serialize("f", f);
  }

  @Test
  void eachFrameIsPredictedByItsTasksModelAndAnUnservedTaskIsAWrongTaskDeadLetter() {
    try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline, wire),
        wire)) {
      harness.input.pipeInput("front", frame("front", 0, "steering"));
      harness.input.pipeInput("cabin", frame("cabin", 0, "headpose"));
      harness.input.pipeInput("front", frame("front", 1, "steering"));
      harness.input.pipeInput("lidar", frame("lidar", 0, "depth"));
      harness.input.pipeInput("cabin", frame("cabin", 1, "headpose"));

      List<Prediction> out = harness.predictions.readValuesToList();
      assertThat(out).extracting(p -> p.getCameraId() + "#" + p.getSequence() + " " + p.getModelName() + " "
          + p.getTargetNames()).containsExactly("front#0 steering-nce+kl [steering_deg]", "cabin#0 heads-16 [yaw_deg]",
          "front#1 steering-nce+kl [steering_deg]", "cabin#1 heads-16 [yaw_deg]");
      List<DeadLetter> dead = harness.deadLetters.readValuesToList();
      assertThat(dead).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.WRONG_TASK);
      assertThat(dead.get(0).getMessage()).contains("task 'depth'", "'headpose', 'steering'");
      assertThat(predictedPerTask).containsEntry("steering", 2).containsEntry("headpose", 2);
    }
  }

  @Test
  void aPartitionBufferOfBothTasksIsSplitIntoOneBatchPerTaskAndAnsweredInOrder() {
    try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline, wire,
        new PredictionTopology.PartitionBatching(8, Duration.ofMillis(50), helpers)), wire)) {
      for (long s = 0; s < 4; s++) { // one key: one partition, one buffer of 8
        harness.input.pipeInput("rig", frame("front", s, "steering"));
        harness.input.pipeInput("rig", frame("cabin", s, "headpose"));
      }
      assertThat(harness.predictions.readValuesToList()).extracting(p -> p.getCameraId() + "#" + p.getSequence())
          .containsExactly("front#0", "cabin#0", "front#1", "cabin#1", "front#2", "cabin#2", "front#3", "cabin#3");
      assertThat(batchSizes).containsEntry("steering", List.of(4)).containsEntry("headpose", List.of(4));
    }
  }
}
