/**
 * The reference maths of prediction by self-normalised importance sampling, in plain Java so
 * that the trainer (DJL) and the stream app (ONNX Runtime) share one implementation: explicit
 * sampling noise, normalised weights, moments, ESS, log Z and resampled hypotheses.
 */
package io.ebmperception.schemas.sampling;
