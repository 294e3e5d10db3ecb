package io.ebmperception.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The gradient through a constant must survive a garbage collection between the forward and the
 * backward pass: that collection is what made two same-seed trainings drift apart.
 */
class ScalarsTest {

  @Test
  void gradientThroughAConstantSurvivesGarbageCollection() throws Exception {
    float[] grad = gradientAfterCollection(x -> Scalars.mul(x, 3f));
    for (float g : grad) {
      assertThat(g).isEqualTo(3f);
    }
  }

  @Test
  void quotientAndShiftKeepTheirGradients() throws Exception {
    float[] grad = gradientAfterCollection(x -> Scalars.sub(Scalars.div(Scalars.add(x, 1f), 4f), 2f));
    for (float g : grad) {
      assertThat(g).isEqualTo(0.25f);
    }
  }

  @Test
  void constantTakesTheTypeOfItsOperand() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1f, 2f});
      assertThat(Scalars.of(x, 2f).getDataType()).isEqualTo(x.getDataType());
      assertThat(Scalars.of(x, 2f).getShape()).isEqualTo(new Shape());
      assertThat(Scalars.mul(x, 2f).toFloatArray()).containsExactly(2f, 4f);
    }
  }

  /**
   * d/dx sum(op(x)) after a forward pass, a collection, and a flood of freshly allocated direct
   * buffers full of garbage (which take the place of any buffer the collection freed).
   */
  private static float[] gradientAfterCollection(UnaryOperator<NDArray> op) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1f, -2f, 5f, 0.5f}, new Shape(4));
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = op.apply(x).sum();
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(50); // lets the cleaner free unreachable direct buffers
        }
        List<ByteBuffer> garbage = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, 1e30f);
          garbage.add(b);
        }
        collector.backward(loss);
        assertThat(garbage).hasSize(2000);
      }
      return x.getGradient().toFloatArray();
    }
  }
}
