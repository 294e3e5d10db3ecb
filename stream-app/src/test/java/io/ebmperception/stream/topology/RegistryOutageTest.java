package io.ebmperception.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.DeadLetterReason;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.schemas.Prediction;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.registry.SchemaRegistryClient;
import io.ebmperception.stream.TestBundles;
import io.ebmperception.stream.inference.Batcher;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ImportanceSampler;
import io.ebmperception.stream.inference.OnnxModel;
import io.ebmperception.stream.vision.FrameDecoder;
import io.ebmperception.stream.vision.FrameLimits;
import io.ebmperception.testkit.TestFrames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registry hiccup must not cost a frame: frames in the registry framing whose schema id is not
 * cached while the registry refuses are kept, in order, and predicted once it answers; none is
 * dead-lettered for it. Only an id the registry answers "not found" for is a dead letter.
 */
class RegistryOutageTest {
  private static final int FRAME_SCHEMA_ID = 21;
  /** A second id of the same schema (as after a re-registration), unseen until it is first read. */
  private static final int SECOND_ID = 22;
  private final AtomicBoolean away = new AtomicBoolean(true);
  private final AtomicInteger lookups = new AtomicInteger();
  private final ExecutorService helpers = Executors.newFixedThreadPool(4);
  private final AvroSerde<Frame> singleObject = AvroSerde.frames(WireFormat.singleObject());
  private HttpServer registry;
  private WireFormat wire;
  private OnnxModel model;
  private Batcher batcher;
  private FramePipeline pipeline;
  private final AtomicInteger deferred = new AtomicInteger();
  private final AtomicInteger predicted = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", x -> {
      lookups.incrementAndGet();
      String path = x.getRequestURI().getPath();
      String body;
      int status;
      if (away.get()) {
        status = 503;
        body = "{\"message\":\"unavailable\"}";
      } else if (path.equals("/schemas/ids/" + FRAME_SCHEMA_ID) || path.equals("/schemas/ids/" + SECOND_ID)) {
        status = 200;
        body = "{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(Frame.getClassSchema().toString()) + "}";
      } else {
        status = 404;
        body = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(status, bytes.length);
      x.getResponseBody().write(bytes);
      x.close();
    });
    registry.start();
    SchemaRegistryClient client = new SchemaRegistryClient("http://127.0.0.1:" + registry.getAddress().getPort(),
        Optional.empty(), Duration.ofSeconds(2));
    wire = WireFormat.singleObject(LocalSchemaStore.withCurrentSchemas(), client);
    model = new OnnxModel(TestBundles.steering16(), ExecutionProvider.CPU, 1);
    batcher = new Batcher(new ImportanceSampler(model, 64, 2), 4, Duration.ofMillis(2), n -> {});
    pipeline = new FramePipeline(AvroSerde.frames(wire), new FrameDecoder(new FrameLimits(100_000, 1_000_000)),
        batcher, Duration.ofSeconds(10), new PipelineObserver() {
          @Override
          public void deferred() {
            deferred.incrementAndGet();
          }

          @Override
          public void predicted(String task, double effectiveSampleSize) {
            predicted.incrementAndGet();
          }
        }, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    registry.stop(0);
    batcher.close();
    model.close();
    helpers.shutdownNow();
  }

  /** The frame in the registry framing: magic byte, schema id, then the Avro body. */
  private byte[] registryFramed(long sequence, int schemaId) {
    byte[] single = singleObject.serialize("f", TestFrames.frame("cam-1", sequence));
    int header = 10; // single-object: 2 marker bytes and the 8-byte fingerprint
    return ByteBuffer.allocate(WireFormat.REGISTRY_HEADER_BYTES + single.length - header)
        .put(WireFormat.REGISTRY_MAGIC).putInt(schemaId).put(single, header, single.length - header).array();
  }

  @Test
  void bufferedFramesWaitForTheRegistryInOrderAndArePredictedOnceItAnswers() throws Exception {
    try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline,
        WireFormat.singleObject(), new PredictionTopology.PartitionBatching(8, Duration.ofMillis(50), helpers)),
        WireFormat.singleObject())) {
      for (long s = 0; s < 3; s++) {
        harness.input.pipeInput("cam-1", registryFramed(s, FRAME_SCHEMA_ID));
      }
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      harness.driver.advanceWallClockTime(Duration.ofMillis(60)); // within the backoff: no second request
      assertThat(harness.predictions.isEmpty()).isTrue();
      assertThat(harness.deadLetters.isEmpty()).isTrue();
      assertThat(lookups.get()).isEqualTo(1);
      assertThat(wire.registry().orElseThrow().unavailable()).get().asString().contains("HTTP 503");
      assertThat(deferred.get()).isPositive();

      harness.input.pipeInput("cam-1", registryFramed(3, FRAME_SCHEMA_ID)); // arrives during the outage
      away.set(false);
      Thread.sleep(1100); // the client's first backoff
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));

      assertThat(harness.predictions.readValuesToList()).extracting(Prediction::getSequence)
          .containsExactly(0L, 1L, 2L, 3L);
      assertThat(harness.deadLetters.isEmpty()).isTrue();
      assertThat(wire.registry().orElseThrow().unavailable()).isEmpty();

      // an id the registry answers "not found" for is the record's fault: a dead letter, at once
      harness.input.pipeInput("cam-1", registryFramed(4, 999));
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      List<DeadLetter> dead = harness.deadLetters.readValuesToList();
      assertThat(dead).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.UNKNOWN_SCHEMA);
    }
  }

  @Test
  void framesBehindAWaitingFrameAreNotPredictedBeforeItsTurnSoEachIsPredictedOnce() throws Exception {
    try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline,
        WireFormat.singleObject(), new PredictionTopology.PartitionBatching(8, Duration.ofMillis(50), helpers)),
        WireFormat.singleObject())) {
      away.set(false);
      harness.input.pipeInput("cam-1", registryFramed(0, FRAME_SCHEMA_ID)); // its id is now known
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      assertThat(harness.predictions.readValuesToList()).hasSize(1);
      away.set(true);
      harness.input.pipeInput("cam-1", registryFramed(1, SECOND_ID)); // must wait for the registry
      harness.input.pipeInput("cam-1", registryFramed(2, FRAME_SCHEMA_ID)); // readable, but behind it
      harness.input.pipeInput("cam-1", registryFramed(3, FRAME_SCHEMA_ID));
      for (int flush = 0; flush < 3; flush++) {
        harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      }
      assertThat(harness.predictions.isEmpty()).isTrue();
      assertThat(predicted.get()).as("frames behind the waiting one were not predicted meanwhile").isEqualTo(1);
      assertThat(deferred.get()).as("one deferral per flush, for the frame that waits").isEqualTo(3);

      away.set(false);
      Thread.sleep(1100); // the client's first backoff
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      assertThat(harness.predictions.readValuesToList()).extracting(Prediction::getSequence)
          .containsExactly(1L, 2L, 3L);
      assertThat(predicted.get()).as("each frame predicted once").isEqualTo(4);
    }
  }

  /** A partition that may keep two frames for an absent registry, waiting {@code registryWait} for it beyond that. */
  private PredictionTopology.PartitionBatching keepingTwoFrames(Duration registryWait) {
    long frame = registryFramed(0, FRAME_SCHEMA_ID).length;
    return new PredictionTopology.PartitionBatching(8, Duration.ofMillis(50), helpers, frame * 5 / 2, registryWait);
  }

  @Test
  void aPartitionKeepsAtMostItsLimitForTheRegistryAndThenWaitsWithTheFramesOnTheTopic() throws Exception {
    try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline,
        WireFormat.singleObject(), keepingTwoFrames(Duration.ofSeconds(20))), WireFormat.singleObject())) {
      harness.input.pipeInput("cam-1", registryFramed(0, FRAME_SCHEMA_ID));
      harness.input.pipeInput("cam-1", registryFramed(1, FRAME_SCHEMA_ID));
      harness.driver.advanceWallClockTime(Duration.ofMillis(60)); // the registry is away: both kept
      assertThat(harness.driver.getKeyValueStore(BufferedPredictProcessor.STORE).approximateNumEntries()).isEqualTo(2);
      Thread back = new Thread(() -> {
        try {
          Thread.sleep(1500);
          away.set(false);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      back.start();
      long start = System.nanoTime();
      harness.input.pipeInput("cam-1", registryFramed(2, FRAME_SCHEMA_ID)); // over the limit: waits for the registry
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      back.join();
      assertThat(waited).as("the third frame was read only once the registry answered")
          .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(10));
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      assertThat(harness.predictions.readValuesToList()).extracting(Prediction::getSequence)
          .containsExactly(0L, 1L, 2L);
      assertThat(harness.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void aPartitionAtItsLimitFailsItsStreamThreadWhenTheRegistryStaysAway() {
    try (TopologyHarness harness = new TopologyHarness(PredictionTopology.build(Topics.defaults(), pipeline,
        WireFormat.singleObject(), keepingTwoFrames(Duration.ofSeconds(2))), WireFormat.singleObject())) {
      harness.input.pipeInput("cam-1", registryFramed(0, FRAME_SCHEMA_ID));
      harness.input.pipeInput("cam-1", registryFramed(1, FRAME_SCHEMA_ID));
      harness.driver.advanceWallClockTime(Duration.ofMillis(60));
      long start = System.nanoTime();
      assertThatThrownBy(() -> harness.input.pipeInput("cam-1", registryFramed(2, FRAME_SCHEMA_ID)))
          .hasStackTraceContaining("waited 2 s for the schema registry");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(8));
      assertThat(harness.driver.getKeyValueStore(BufferedPredictProcessor.STORE).approximateNumEntries())
          .as("frames kept: never more than the limit").isEqualTo(2);
      assertThat(harness.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void withoutABufferTheStreamThreadRetriesTheFrameUntilTheRegistryAnswers() throws Exception {
    Thread back = new Thread(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        return;
      }
      away.set(false);
    });
    back.start();
    long start = System.nanoTime();
    Outcome outcome = PredictionTopology.handleUntilTheRegistryAnswers(pipeline, "ebm.frames",
        registryFramed(7, FRAME_SCHEMA_ID));
    assertThat(outcome).isInstanceOf(Outcome.Predicted.class);
    assertThat(((Outcome.Predicted) outcome).prediction().getSequence()).isEqualTo(7L);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1400))
        .isLessThan(Duration.ofSeconds(10));
  }
}
