package io.ebmperception.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.stream.ops.AppConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ServingWiringTest {

  @Test
  void exactlyOnceFailoverAndFrameSizedRecordsByDefault() {
    Properties p = ServingWiring.streamsProperties(AppConfig.defaults().serving(), "broker:9092");
    assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry("consumer.session.timeout.ms", 10_000)
        .containsEntry("producer.max.request.size", (8 << 20) + 2 * 64 * 1024)
        .containsEntry("topic.max.message.bytes", Integer.toString((8 << 20) + 2 * 64 * 1024))
        .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
            io.ebmperception.stream.topology.OversizedOutputHandler.class);
  }

  @Test
  void theFrameBufferChangelogIsAnInternalTopicThatCarriesFramesOnlyWithPartitionBatching() {
    assertThat(ServingWiring.internalTopics(AppConfig.defaults().serving()))
        .containsExactly("ebm-stream-app-frame-buffer-changelog");
    assertThat(ServingWiring.internalTopics(AppConfig.defaults().with("partition.batching", "false").serving()))
        .isEmpty();
  }

  @Test
  void aUsersPlainKafkaSettingIsNotOverriddenByThePrefixedDefault() {
    Properties p = ServingWiring.streamsProperties(AppConfig.load(null, Map.of(),
        Map.of("kafka.session.timeout.ms", "30000", "kafka.max.request.size", "2000000")).serving(), "b:1");
    assertThat(p).containsEntry("session.timeout.ms", "30000").doesNotContainKey("consumer.session.timeout.ms")
        .containsEntry("max.request.size", "2000000").doesNotContainKey("producer.max.request.size");
  }
}
