package io.ebmperception.stream.ops;

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
 * The serving settings, typed: what {@link io.ebmperception.stream.StreamApp} is built from.
 * Made only by {@link AppConfig#serving()}, after every key and value has been checked, so code
 * that serves never parses a string or meets a bad value.
 *
 * @param applicationId      Kafka Streams application id (the consumer group)
 * @param bootstrapServers   an external cluster, or empty for the embedded broker
 * @param embeddedDataDir    the embedded broker's data
 * @param embeddedPort       the embedded broker's port (0: any free one)
 * @param topics             frames, predictions and dead-letter topics
 * @param partitions         partitions of topics the app creates
 * @param replication        replication of topics the app creates
 * @param streamThreads      Kafka Streams threads
 * @param samples            M, proposal samples per frame
 * @param hypotheses         resampled hypotheses per prediction
 * @param modes              how the modes of each prediction are found (none when off)
 * @param refinement         gradient ascent of each mode on the energy (none when off)
 * @param batchMax           frames per ONNX call at most
 * @param batchWait          how long the batcher waits for more frames after the first
 * @param partitionBatching  buffer frames of a partition in a changelogged store and predict them
 *                           together (design (ii) of docs/architecture.md)
 * @param partitionBatchingWait how long a partition's buffer waits for more frames after the first
 * @param inferenceTimeout   how long a frame may wait for its prediction
 * @param onnxThreads        ONNX Runtime intra-op threads
 * @param executionProvider  CPU or CUDA
 * @param frameLimits        largest encoded frame and pixel count accepted
 * @param httpBind           address the health and metrics endpoints listen on
 * @param httpPort           health and metrics port (0: any free one)
 * @param brokerGrace        how long the cluster may be silent before readiness turns false
 * @param reloadInterval     how often the bundle is checked for a new version (zero: never)
 * @param stateDir           Kafka Streams' local state
 * @param schemasDir         extra writer schemas to accept, or empty
 * @param kafkaClientSettings settings passed to every Kafka client ({@code kafka.*} without prefix)
 */
public record ServingConfig(
    String applicationId,
    Optional<String> bootstrapServers,
    Path embeddedDataDir,
    int embeddedPort,
    Topics topics,
    int partitions,
    short replication,
    int streamThreads,
    int samples,
    int hypotheses,
    ModeSearch modes,
    ModeRefiner.Settings refinement,
    int batchMax,
    Duration batchWait,
    boolean partitionBatching,
    Duration partitionBatchingWait,
    Duration inferenceTimeout,
    int onnxThreads,
    ExecutionProvider executionProvider,
    FrameLimits frameLimits,
    String httpBind,
    int httpPort,
    Duration brokerGrace,
    Duration reloadInterval,
    Path stateDir,
    Optional<Path> schemasDir,
    Properties kafkaClientSettings) {

  public ServingConfig {
    Properties copy = new Properties();
    copy.putAll(kafkaClientSettings);
    kafkaClientSettings = copy;
  }

  /**
   * How long the batcher waits for announced frames: {@code batch.wait.ms}, or with partition
   * batching at least the buffer's wait, since a whole buffer is announced at once and every frame
   * of it is on its way (measured: with 2 ms the batcher cut most buffers into single frames).
   */
  public Duration batcherWait() {
    return partitionBatching && partitionBatchingWait.compareTo(batchWait) > 0 ? partitionBatchingWait : batchWait;
  }

  /** A copy of the Kafka client settings (the record's own copy stays unchanged). */
  @Override
  public Properties kafkaClientSettings() {
    Properties copy = new Properties();
    copy.putAll(kafkaClientSettings);
    return copy;
  }
}
