package io.ebmperception.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies weights between blocks by parameter name, the one place that does it: a warm start from
 * an earlier run, and the hand-over of warmed-up features to a teacher model's own EBM.
 */
public final class ParameterCopy {
  private ParameterCopy() {}

  /**
   * Copies every parameter of {@code to} from the one of {@code from} with the same name and
   * shape, and returns how many were copied.
   *
   * @param strict whether a parameter of {@code to} without a fitting twin is an error (a one-line
   *               message naming it and both shapes) instead of being left as it is
   */
  public static int byName(Block from, Block to, boolean strict) {
    Map<String, Parameter> source = new HashMap<>();
    from.getParameters().forEach(p -> source.put(p.getKey(), p.getValue()));
    int copied = 0;
    for (Pair<String, Parameter> p : to.getParameters()) {
      Parameter s = source.get(p.getKey());
      boolean fits = s != null && s.getArray().getShape().equals(p.getValue().getArray().getShape());
      if (fits) {
        s.getArray().copyTo(p.getValue().getArray());
        copied++;
      } else if (strict) {
        throw new IllegalArgumentException("the earlier run's feature net does not fit this one at "
            + p.getKey() + " (" + (s == null ? "missing" : s.getArray().getShape()) + " vs "
            + p.getValue().getArray().getShape() + "); use the same backbone and input size");
      }
    }
    return copied;
  }
}
