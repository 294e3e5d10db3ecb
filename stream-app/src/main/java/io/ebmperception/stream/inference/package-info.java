/**
 * Inference on a model bundle with ONNX Runtime: the {@link io.ebmperception.stream.inference.OnnxModel}
 * sessions, the Java {@link io.ebmperception.schemas.sampling.MixtureSampler}, per-frame seeded
 * {@link io.ebmperception.stream.inference.FrameNoise}, the batched
 * {@link io.ebmperception.stream.inference.ImportanceSampler} and the dynamic
 * {@link io.ebmperception.stream.inference.Batcher} shared by stream threads.
 */
package io.ebmperception.stream.inference;
