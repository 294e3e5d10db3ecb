package io.ebmperception.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam with a state that can be saved and restored, so that an interrupted training resumes
 * exactly where it stopped. The update is DJL's own {@code Adam} step for step (the same fused
 * native {@code adamUpdate} with the same bias correction and step count), but the first and
 * second moments and the step counts live here, where {@link #save} and {@link #load} reach them;
 * DJL's {@code Adam} keeps them private. The state is keyed by each parameter's name in the model
 * ({@link #nameParameters}), not by DJL's parameter id, which is new in every process.
 */
public final class CheckpointedAdam extends Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final int FORMAT = 1;
  private final float learningRate;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private int steps;

  public CheckpointedAdam(float learningRate) {
    super(new Builder());
    this.learningRate = learningRate;
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }

  /**
   * Keys the state of every parameter of {@code block} by its name in the block (stable across
   * processes) instead of its id; call before the first update.
   */
  public CheckpointedAdam nameParameters(ai.djl.nn.Block block) {
    for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
      if (names.put(p.getValue().getId(), p.getKey()) != null) {
        throw new IllegalStateException("parameter " + p.getKey() + " listed twice");
      }
    }
    if (names.values().stream().distinct().count() != names.size()) {
      throw new IllegalStateException("parameter names are not unique; the optimiser state cannot be saved");
    }
    return this;
  }

  @Override
  public void update(String id, NDArray weight, NDArray grad) {
    String parameterId = names.getOrDefault(id, id);
    int own = counts.merge(parameterId, 1, Integer::sum);
    steps = Math.max(steps, own);
    int t = steps;
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float biasCorrection = (float) (learningRate * Math.sqrt(coef2) / coef1);
    // The engine's update is w -= biasCorrection * m / (sqrt(v) + eps'); PyTorch's Adam (the
    // reference's) is w -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps). They are the same update when
    // eps' = eps * sqrt(c2); with eps' = eps the first steps of a weight with a tiny gradient moved
    // it less than the reference's: by half a step at |g| near 3e-7 (ReferenceParityTest found it).
    float epsilon = (float) (EPSILON * Math.sqrt(coef2));
    NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
    NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight),
        learningRate, biasCorrection, getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2, epsilon, true, false);
  }

  /** Writes the step counts and both moments of every parameter updated so far. */
  public void save(DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    out.writeInt(steps);
    out.writeInt(counts.size());
    for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue());
      writeArray(out, means.get(e.getKey()));
      writeArray(out, variances.get(e.getKey()));
    }
  }

  /**
   * Restores what {@link #save} wrote; the moments are created in {@code manager}, which must
   * outlive the training.
   */
  public void load(DataInputStream in, NDManager manager) throws IOException {
    if (in.readInt() != FORMAT) {
      throw new IOException("not an optimiser state of this version");
    }
    means.clear();
    variances.clear();
    counts.clear();
    steps = in.readInt();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String id = in.readUTF();
      counts.put(id, in.readInt());
      means.put(id, readArray(in, manager));
      variances.put(id, readArray(in, manager));
    }
  }

  /** The global step count that the bias correction uses. */
  public int steps() {
    return steps;
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    long[] shape = array.getShape().getShape();
    out.writeInt(shape.length);
    for (long s : shape) {
      out.writeLong(s);
    }
    float[] values = array.toFloatArray();
    out.writeInt(values.length);
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
    long[] shape = new long[in.readInt()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.readLong();
    }
    float[] values = new float[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloat();
    }
    return manager.create(values, new Shape(shape));
  }
}
