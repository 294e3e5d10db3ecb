package io.ebmperception.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Fixes the number of native threads PyTorch uses for one operation (intra-op) and across
 * operations (inter-op).
 *
 * <p>Why it matters: with more than one intra-op thread, how a reduction is split over threads
 * depends on scheduling, the last bits of sums change from one process to the next, and thousands
 * of Adam steps amplify them (seed 1 of {@code mdn-nll} gave test NLL 1.199 in one process and
 * 0.206 in another). One thread removes that source of difference (the other one, a gradient
 * corrupted by the garbage collector, is {@link io.ebmperception.trainer.model.Scalars}'s). The count is part of
 * {@link TrainingConfig} so that a run records how it was made.
 */
public final class EngineThreads {
  private EngineThreads() {}

  /**
   * Uses {@code threads} native threads from now on. Sets the engine's start-up properties too, so
   * that the count also holds when this is called before the engine is loaded.
   */
  public static void use(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine.getInstance();
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  /** The intra-op thread count in effect. */
  public static int current() {
    Engine.getInstance();
    return JniUtils.getNumThreads();
  }
}
