package io.ebmperception.stream.ops;

import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ModeRefiner;
import io.ebmperception.stream.topology.Topics;
import io.ebmperception.stream.vision.FrameLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The serving settings, typed and grouped by the part of the app that reads them: what
 * {@link io.ebmperception.stream.StreamApp} is built from. Made only by {@link AppConfig#serving()},
 * after every key and value has been checked against {@link Settings}, so code that serves never
 * parses a string or meets a bad value.
 *
 * @param applicationId  Kafka Streams application id (the consumer group)
 * @param kafka          the cluster and the client settings
 * @param embedded       the embedded broker (used when no cluster is configured)
 * @param topicLayout    topic names, and partitions and replication of topics the app creates
 * @param sampling       M, hypotheses, modes and their refinement
 * @param batching       stream threads and how frames share ONNX calls
 * @param onnx           ONNX Runtime's threads and execution provider
 * @param frameLimits    largest encoded frame and pixel count accepted
 * @param reducedDecoding decode large JPEGs at a reduced scale ({@code frame.decode.reduced})
 * @param http           the health and metrics endpoints
 * @param reloadInterval how often the bundle is checked for a new version (zero: never)
 * @param stateDir       Kafka Streams' local state
 * @param wire           how records are framed and where writer schemas come from
 */
public record ServingConfig(
    String applicationId,
    Kafka kafka,
    Embedded embedded,
    TopicLayout topicLayout,
    Sampling sampling,
    Batching batching,
    Onnx onnx,
    FrameLimits frameLimits,
    boolean reducedDecoding,
    Http http,
    Duration reloadInterval,
    Path stateDir,
    WireFormat wire) {

  /**
   * @param bootstrapServers an external cluster, or empty for the embedded broker
   * @param clientSettings   settings passed to every Kafka client ({@code kafka.*} without prefix)
   * @param brokerGrace      how long the cluster may be silent before readiness turns false
   */
  public record Kafka(Optional<String> bootstrapServers, Properties clientSettings, Duration brokerGrace) {
    public Kafka {
      Properties copy = new Properties();
      copy.putAll(clientSettings);
      clientSettings = copy;
    }

    /** A copy of the client settings (the record's own copy stays unchanged). */
    @Override
    public Properties clientSettings() {
      Properties copy = new Properties();
      copy.putAll(clientSettings);
      return copy;
    }
  }

  /** @param dataDir the embedded broker's data; @param port its port (0: any free one) */
  public record Embedded(Path dataDir, int port) {}

  /**
   * @param topics      frames, predictions and dead-letter topics
   * @param partitions  partitions of topics the app creates
   * @param replication replication of topics the app creates
   */
  public record TopicLayout(Topics topics, int partitions, short replication) {}

  /**
   * @param samples    M, proposal samples per frame
   * @param hypotheses resampled hypotheses per prediction
   * @param modes      how the modes of each prediction are found (none when off)
   * @param refinement gradient ascent of each mode on the energy (none when off)
   */
  public record Sampling(int samples, int hypotheses, ModeSearch modes, ModeRefiner.Settings refinement) {}

  /**
   * @param streamThreads         Kafka Streams threads
   * @param batchMax              frames per ONNX call at most
   * @param batchWait             how long the batcher waits for more frames after the first
   * @param partitionBatching     buffer frames of a partition in a changelogged store and predict
   *                              them together (design (ii) of docs/architecture.md)
   * @param partitionBatchingWait how long a partition's buffer waits for more frames after the first
   * @param inferenceTimeout      how long a frame may wait for its prediction
   */
  public record Batching(int streamThreads, int batchMax, Duration batchWait, boolean partitionBatching,
      Duration partitionBatchingWait, Duration inferenceTimeout) {

    /**
     * How long the batcher waits for announced frames: {@code batch.wait.ms}, or with partition
     * batching at least the buffer's wait, since a whole buffer is announced at once and every frame
     * of it is on its way (measured: with 2 ms the batcher cut most buffers into single frames).
     */
    public Duration batcherWait() {
      return partitionBatching && partitionBatchingWait.compareTo(batchWait) > 0 ? partitionBatchingWait : batchWait;
    }
  }

  /** @param threads ONNX Runtime intra-op threads; @param provider CPU or CUDA */
  public record Onnx(int threads, ExecutionProvider provider) {}

  /** @param bind address the endpoints listen on; @param port their port (0: any free one) */
  public record Http(String bind, int port) {}

  /** The three topics' names. */
  public Topics topics() {
    return topicLayout.topics();
  }
}
