package io.ebmperception.trainer.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable set of (x, y) regression pairs held in flat row-major arrays.
 *
 * <p>Inputs are stored as {@code [size, inputShape...]} and targets as {@code [size, targetDim]}, so
 * the same record carries scalar toy inputs ({@code inputShape = [1]}) and images
 * ({@code inputShape = [3, 64, 64]}) alike. Arrays are defensively copied on the way in and must
 * not be mutated by callers of the accessors.
 *
 * @param name        a human-readable name recorded in run provenance
 * @param inputs      {@code [size * prod(inputShape)]} row-major inputs
 * @param inputShape  shape of one input, without the batch axis
 * @param targets     {@code [size * targetDim]} row-major targets
 * @param targetDim   D, the dimension of one target y
 * @param inputNames  column names of x when read from a table (may be empty)
 * @param targetNames column names of y when read from a table (may be empty)
 */
public record RegressionDataset(
    String name,
    float[] inputs,
    long[] inputShape,
    float[] targets,
    int targetDim,
    List<String> inputNames,
    List<String> targetNames) {

  public RegressionDataset {
    Objects.requireNonNull(name, "name");
    if (targetDim < 1) {
      throw new IllegalArgumentException("targetDim must be >= 1, got " + targetDim);
    }
    long inputSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    if (targets.length % targetDim != 0) {
      throw new IllegalArgumentException("targets length is not a multiple of D = " + targetDim);
    }
    int size = targets.length / targetDim;
    if (inputs.length != size * inputSize) {
      throw new IllegalArgumentException(
          "inputs hold " + inputs.length + " values, expected " + size + " x " + inputSize);
    }
    inputs = inputs.clone();
    inputShape = inputShape.clone();
    targets = targets.clone();
    inputNames = List.copyOf(inputNames);
    targetNames = List.copyOf(targetNames);
  }

  /** A dataset of scalar inputs and targets, the shape of the paper's two 1-D problems. */
  public static RegressionDataset ofScalars(String name, float[] x, float[] y) {
    return new RegressionDataset(name, x, new long[] {1}, y, 1, List.of("x"), List.of("y"));
  }

  /** Number of (x, y) pairs. */
  public int size() {
    return targets.length / targetDim;
  }

  /** Number of floats in one input. */
  public int inputSize() {
    return (int) Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
  }

  /** The {@code i}-th target, a fresh array of length D. */
  public float[] target(int i) {
    return Arrays.copyOfRange(targets, i * targetDim, (i + 1) * targetDim);
  }

  /** The {@code i}-th input, a fresh array of length {@link #inputSize()}. */
  public float[] input(int i) {
    int n = inputSize();
    return Arrays.copyOfRange(inputs, i * n, (i + 1) * n);
  }

  /** Gathers the rows {@code indices} into a new flat input array {@code [indices.length, ...]}. */
  public float[] gatherInputs(int[] indices) {
    int n = inputSize();
    float[] out = new float[indices.length * n];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(inputs, indices[r] * n, out, r * n, n);
    }
    return out;
  }

  /** Gathers the rows {@code indices} into a new flat target array {@code [indices.length, D]}. */
  public float[] gatherTargets(int[] indices) {
    float[] out = new float[indices.length * targetDim];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(targets, indices[r] * targetDim, out, r * targetDim, targetDim);
    }
    return out;
  }

  /** The rows {@code indices} as a new dataset named {@code newName}. */
  public RegressionDataset subset(int[] indices, String newName) {
    return new RegressionDataset(newName, gatherInputs(indices), inputShape, gatherTargets(indices),
        targetDim, inputNames, targetNames);
  }

  /**
   * A seeded random split: the first dataset holds {@code fraction} of the rows, the second the
   * rest (the paper's 80/20 split of the CcGAN datasets).
   */
  public RegressionDataset[] split(double fraction, long seed) {
    int n = size();
    java.util.List<Integer> order = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new java.util.Random(seed));
    int cut = (int) Math.round(n * fraction);
    int[] first = order.subList(0, cut).stream().mapToInt(Integer::intValue).toArray();
    int[] second = order.subList(cut, n).stream().mapToInt(Integer::intValue).toArray();
    return new RegressionDataset[] {subset(first, name + "-train"), subset(second, name + "-test")};
  }

  /**
   * A seeded split in contiguous blocks of {@code block} rows, for rows in recording order (frames
   * of a video): whole blocks go to the second dataset until it holds about {@code 1 − fraction} of
   * the rows (never all of them), so that no held-out frame has its neighbour, a near copy, in the training rows (a
   * random split of consecutive frames gives an optimistic validation).
   */
  public RegressionDataset[] blockSplit(double fraction, int block, long seed) {
    int n = size();
    int blocks = (n + block - 1) / block;
    java.util.List<Integer> order = new java.util.ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      order.add(b);
    }
    java.util.Collections.shuffle(order, new java.util.Random(seed));
    int heldOutRows = (int) Math.round(n * (1 - fraction));
    boolean[] held = new boolean[blocks];
    int taken = 0;
    for (int i = 0; i < blocks - 1 && taken < heldOutRows; i++) { // at least one block stays for training
      int b = order.get(i);
      held[b] = true;
      taken += Math.min(block, n - b * block);
    }
    int[] first = java.util.stream.IntStream.range(0, n).filter(i -> !held[i / block]).toArray();
    int[] second = java.util.stream.IntStream.range(0, n).filter(i -> held[i / block]).toArray();
    return new RegressionDataset[] {subset(first, name + "-train"), subset(second, name + "-test")};
  }

  /** Per-dimension minimum and maximum of the targets, {@code [2][D]}. */
  public float[][] targetRange() {
    float[][] range = new float[2][targetDim];
    Arrays.fill(range[0], Float.POSITIVE_INFINITY);
    Arrays.fill(range[1], Float.NEGATIVE_INFINITY);
    for (int i = 0; i < targets.length; i++) {
      int d = i % targetDim;
      range[0][d] = Math.min(range[0][d], targets[i]);
      range[1][d] = Math.max(range[1][d], targets[i]);
    }
    return range;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegressionDataset other
        && name.equals(other.name)
        && targetDim == other.targetDim
        && Arrays.equals(inputs, other.inputs)
        && Arrays.equals(inputShape, other.inputShape)
        && Arrays.equals(targets, other.targets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, targetDim, Arrays.hashCode(inputs), Arrays.hashCode(targets));
  }

  @Override
  public String toString() {
    return name + " (" + size() + " pairs, x " + Arrays.toString(inputShape) + ", D = " + targetDim + ")";
  }
}
