/**
 * The health and metrics endpoint of a long-running process (liveness, readiness with its reasons,
 * Prometheus), its probe for container health checks, and the one-line refusal of a taken port.
 */
package io.ebmperception.runtime.http;
