package io.ebmperception.stream.topology;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.DeadLetter;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** One of our topologies in a {@link TopologyTestDriver}, with the default topics: frames in, predictions and dead letters out. */
final class TopologyHarness implements AutoCloseable {
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> input;
  final TestOutputTopic<String, Prediction> predictions;
  final TestOutputTopic<String, DeadLetter> deadLetters;

  TopologyHarness(Topology topology, WireFormat store) {
    Topics topics = Topics.defaults();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    driver = new TopologyTestDriver(topology, props);
    input = driver.createInputTopic(topics.frames(), new StringSerializer(), new ByteArraySerializer());
    predictions = driver.createOutputTopic(topics.predictions(), new StringDeserializer(), AvroSerde.predictions(store));
    deadLetters = driver.createOutputTopic(topics.deadLetters(), new StringDeserializer(), AvroSerde.deadLetters(store));
  }

  @Override
  public void close() {
    driver.close();
  }
}
