package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.ProposalParameters;
import io.ebmperception.schemas.bundle.GraphTensor;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ONNX Runtime sessions of a bundle. Thread-safe: ONNX Runtime sessions accept concurrent
 * {@code run} calls. Inputs are passed as direct buffers to avoid copying nested arrays.
 */
public final class OnnxModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);
  private final ModelBundle bundle;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession inputSession;
  private final OrtSession energySession;
  private final ExecutionProvider provider;
  private final long[] inputShape;
  private final int projectionWidth;

  /**
   * Opens the bundle's graphs.
   *
   * @param intraOpThreads threads per ONNX call (cores ÷ concurrent callers is a good start)
   */
  public OnnxModel(ModelBundle bundle, ExecutionProvider requested, int intraOpThreads) {
    this.bundle = bundle;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.provider = enable(options, requested);
      this.inputSession = env.createSession(bundle.inputGraph().toString(), options);
      this.energySession = env.createSession(bundle.energyGraph().toString(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load " + bundle.dir() + ": " + e.getMessage(), e);
    }
    long[] shape = bundle.manifest().input().shape();
    inputShape = new long[shape.length + 1];
    System.arraycopy(shape, 0, inputShape, 1, shape.length);
    projectionWidth = bundle.manifest().projectionWidth();
    LOG.info("model {} version {} on {} ({} intra-op threads)", bundle.manifest().name(),
        bundle.manifest().version(), provider, intraOpThreads);
  }

  private static ExecutionProvider enable(OrtSession.SessionOptions options, ExecutionProvider requested) {
    if (requested == ExecutionProvider.CUDA) {
      try {
        options.addCUDA(0);
        return ExecutionProvider.CUDA;
      } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
        LOG.warn("CUDA requested but not available ({}); running on CPU", e.getMessage());
      }
    }
    return ExecutionProvider.CPU;
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /** The provider actually in use. */
  public ExecutionProvider provider() {
    return provider;
  }

  /** Runs the per-input graph on B inputs, {@code inputs} row-major {@code [B, *shape]}. */
  public ProposalParameters proposal(float[] inputs, int batch) {
    long[] shape = inputShape.clone();
    shape[0] = batch;
    try (OnnxTensor x = OnnxTensor.createTensor(env, direct(inputs), shape);
        OrtSession.Result out = inputSession.run(Map.of(GraphTensor.X.tensorName(), x))) {
      return new ProposalParameters(batch, floats(out, GraphTensor.PROJECTION), floats(out, GraphTensor.MEANS),
          floats(out, GraphTensor.LOG_VARIANCES), floats(out, GraphTensor.LOG_WEIGHTS));
    } catch (OrtException e) {
      throw new IllegalStateException("per-input graph failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the per-sample graph.
   *
   * @param projection {@code [B, H]}
   * @param samples    {@code [B, M, D]} row-major
   * @return energies {@code [B, M]}
   */
  public float[] energies(float[] projection, float[] samples, int batch, int m) {
    int d = bundle.targetDim();
    try (OnnxTensor p = OnnxTensor.createTensor(env, direct(projection), new long[] {batch, projectionWidth});
        OnnxTensor y = OnnxTensor.createTensor(env, direct(samples), new long[] {batch, m, d});
        OrtSession.Result out = energySession.run(Map.of(GraphTensor.PROJECTION.tensorName(), p,
            GraphTensor.SAMPLES.tensorName(), y))) {
      return floats(out, GraphTensor.ENERGIES);
    } catch (OrtException e) {
      throw new IllegalStateException("energy graph failed: " + e.getMessage(), e);
    }
  }

  private static FloatBuffer direct(float[] values) {
    FloatBuffer buffer = java.nio.ByteBuffer.allocateDirect(values.length * 4)
        .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    buffer.put(values).flip();
    return buffer;
  }

  private static float[] floats(OrtSession.Result result, GraphTensor tensor) throws OrtException {
    String name = tensor.tensorName();
    FloatBuffer b = ((OnnxTensor) result.get(name).orElseThrow(
        () -> new IllegalStateException("graph has no output " + name))).getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public void close() {
    try {
      inputSession.close();
      energySession.close();
    } catch (OrtException e) {
      LOG.warn("closing sessions: {}", e.getMessage());
    }
  }
}
