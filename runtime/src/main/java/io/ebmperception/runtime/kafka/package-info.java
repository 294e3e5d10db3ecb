/**
 * Kafka as a client sees it: probes of the cluster before a command starts (reachable, allowed),
 * the settings of a producer that publishes frames, and the one-line errors the command lines
 * print when the cluster is not there.
 */
package io.ebmperception.runtime.kafka;
