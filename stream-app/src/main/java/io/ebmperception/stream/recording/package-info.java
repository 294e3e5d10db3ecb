/**
 * What a deployment keeps of its topics: read_committed topic reading, the collection of a run's
 * predictions, the datasets {@code record} writes (optionally only uncertain frames) and the labelled
 * inputs {@code recalibrate} fits on.
 */
package io.ebmperception.stream.recording;
