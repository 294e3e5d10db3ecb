package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant, safe to differentiate.
 *
 * <p>Why it exists: DJL's {@code NDArray.mul(Number)} (and {@code add}, {@code sub}, {@code div},
 * {@code pow}, …) wraps the constant in a tensor over a Java direct buffer and closes that tensor
 * as soon as the operation returns. The autograd graph still holds the tensor (the backward pass
 * of {@code a × c} needs {@code c}), but nothing holds the buffer: when the garbage collector runs
 * between the forward and the backward pass, it frees the buffer and the backward pass reads
 * whatever memory took its place. The gradient is then silently wrong for that step; two
 * processes with the same seed drift apart at a step that depends on when each collected
 * garbage. The constants made here live in memory the engine allocated and owns, so the graph
 * keeps them alive for as long as it needs them.
 *
 * <p>Every constant in code that builds a training graph goes through this class.
 */
public final class Scalars {
  private Scalars() {}

  /** A 0-d array holding {@code value}, of the type of {@code like}, in memory the engine owns. */
  public static NDArray of(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }

  /** {@code a × value}. */
  public static NDArray mul(NDArray a, float value) {
    return a.mul(of(a, value));
  }

  /** {@code a + value}. */
  public static NDArray add(NDArray a, float value) {
    return a.add(of(a, value));
  }

  /** {@code a - value}. */
  public static NDArray sub(NDArray a, float value) {
    return a.sub(of(a, value));
  }

  /** {@code a / value}. */
  public static NDArray div(NDArray a, float value) {
    return a.div(of(a, value));
  }
}
