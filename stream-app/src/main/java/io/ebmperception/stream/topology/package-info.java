/**
 * The Kafka Streams topology ({@link io.ebmperception.stream.topology.PredictionTopology#build}) and
 * the Kafka-free per-frame {@link io.ebmperception.stream.topology.FramePipeline} it runs, with
 * dead-letter routing of every frame that cannot be predicted.
 */
package io.ebmperception.stream.topology;
