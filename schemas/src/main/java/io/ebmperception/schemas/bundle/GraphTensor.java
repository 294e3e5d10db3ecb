package io.ebmperception.schemas.bundle;

/**
 * The named inputs and outputs of a bundle's two ONNX graphs: the one spelling of each tensor name
 * that the trainer's exporter writes, the app's model feeds and reads, and the benches use. Shapes
 * use the graphs' symbolic axes {@link #BATCH_AXIS} and {@link #SAMPLES_AXIS}.
 */
public enum GraphTensor {
  /** Input of the per-input graph, {@code [batch, *input shape]}, normalised inside the graph. */
  X("x"),
  /** Output of the per-input graph (image backbones), {@code [batch, F]}: the feature vector. */
  FEATURES("features"),
  /** Output of the per-input graph, {@code [batch, H]}: the EBM's input projection. */
  PROJECTION("projection"),
  /** Output of the per-input graph, {@code [batch, K, D]}: the proposal's component means. */
  MEANS("means"),
  /** Output of the per-input graph, {@code [batch, K, D]}: the components' log variances. */
  LOG_VARIANCES("log_variances"),
  /** Output of the per-input graph, {@code [batch, K]}: the components' log mixture weights. */
  LOG_WEIGHTS("log_weights"),
  /** Input of the per-sample graph, {@code [batch, M, D]}: candidate targets. */
  SAMPLES("samples"),
  /** Output of the per-sample graph, {@code [batch, M]}: f(x, y) of each candidate. */
  ENERGIES("energies");

  /** The symbolic batch axis of every tensor. */
  public static final String BATCH_AXIS = "batch";
  /** The symbolic sample axis (M) of the per-sample graph. */
  public static final String SAMPLES_AXIS = "samples";

  private final String tensorName;

  GraphTensor(String tensorName) {
    this.tensorName = tensorName;
  }

  /** The name of the tensor in the ONNX graph. */
  public String tensorName() {
    return tensorName;
  }
}
