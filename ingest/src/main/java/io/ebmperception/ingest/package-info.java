/**
 * Live cameras in (the {@code ingest} command): camera specs, the reconnecting reader of one
 * stream, the rate limit and the producer that publishes each camera's frames.
 */
package io.ebmperception.ingest;
