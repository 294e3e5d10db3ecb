/**
 * The reference maths of prediction by self-normalised importance sampling, in plain Java so
 * that the trainer (DJL) and the stream app (ONNX Runtime) share one implementation: explicit
 * sampling noise, normalised weights, moments, ESS, log Z, resampled hypotheses and the modes
 * of p(y|x) among the weighted samples ({@link io.ebmperception.schemas.sampling.ModeSearch}).
 */
package io.ebmperception.schemas.sampling;
