/**
 * The Avro records of the Kafka topics ({@code Frame}, {@code Prediction}, {@code DeadLetter},
 * generated from {@code src/main/avro}) and their Kafka serde with single-object encoding.
 */
package io.ebmperception.schemas;
