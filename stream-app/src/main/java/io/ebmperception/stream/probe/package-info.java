/**
 * Probes of the Kafka cluster before a command starts (reachable, allowed), with the one-line
 * errors the command lines print when it is not.
 */
package io.ebmperception.stream.probe;
