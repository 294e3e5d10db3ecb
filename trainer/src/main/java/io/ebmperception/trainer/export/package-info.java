/**
 * Export of trained models as a bundle: two ONNX graphs (per input and per sample) built with the
 * protobuf classes of {@code ai.onnx.proto.OnnxMl}, and a JSON {@link io.ebmperception.schemas.bundle.Manifest}.
 */
package io.ebmperception.trainer.export;
