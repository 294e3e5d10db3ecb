package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * A fixed per-feature standardisation of vector inputs inside the networks: the feature nets read
 * {@code (x − shift) / scale}. The statistics are those of the training inputs and travel with the
 * model (checkpoint config, manifest, and the ONNX input graph, which applies them first), so a
 * caller always passes x in the data's own units. Without it, inputs in large units (x × 100)
 * saturate the first layer of the paper's width-10 networks and training goes several times worse.
 *
 * @param shift subtracted from x (the training inputs' mean), one value per input feature
 * @param scale x is divided by it (the training inputs' standard deviation)
 */
public record InputScaling(float[] shift, float[] scale) {
  public InputScaling {
    TargetScaling checked = new TargetScaling(shift, scale); // same rules: one positive scale per feature
    shift = checked.shift();
    scale = checked.scale();
  }

  /** Standardisation of {@code inputs} ({@code [N·F]} row-major): their mean and standard deviation. */
  public static InputScaling standardising(float[] inputs, int features) {
    TargetScaling stats = TargetScaling.standardising(inputs, features);
    return new InputScaling(stats.shift(), stats.scale());
  }

  /** {@code (x − shift) / scale} for x of shape {@code [N, F]}. */
  public NDArray normalise(NDArray x) {
    return x.sub(x.getManager().create(shift)).div(x.getManager().create(scale));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputScaling t && Arrays.equals(shift, t.shift) && Arrays.equals(scale, t.scale);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shift) * 31 + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "InputScaling[shift=" + Arrays.toString(shift) + ", scale=" + Arrays.toString(scale) + "]";
  }
}
