package io.ebmperception.stream.inference;

import java.util.Locale;

/** Where ONNX Runtime runs the graphs. */
public enum ExecutionProvider {
  /** CPU only. */
  CPU,
  /** CUDA when the GPU build of ONNX Runtime and the CUDA libraries are present, else CPU. */
  CUDA;

  /** Parses {@code cpu} or {@code cuda}. */
  public static ExecutionProvider parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("execution provider must be cpu or cuda, got '" + name + "'");
    }
  }
}
