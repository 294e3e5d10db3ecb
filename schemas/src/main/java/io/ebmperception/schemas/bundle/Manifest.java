package io.ebmperception.schemas.bundle;

import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a model bundle: the one contract between the trainer and the stream app.
 * It says what the ONNX graphs compute, how to feed them, and where the model came from. See
 * {@code docs/model-bundle.md} for every field.
 *
 * @param format          bundle format identifier, {@value #FORMAT}
 * @param name            model name (predictions carry it)
 * @param version         model version (predictions carry it; a new version hot-reloads)
 * @param task            task name, e.g. {@code toy1}, {@code steering}, {@code headpose}
 * @param method          training method id, e.g. {@code nce+kl}
 * @param targetDim       D
 * @param components      K of the MDN
 * @param hasEnergy       whether {@code graphs.energy} exists
 * @param hasProposal     whether the per-input graph outputs the MDN's parameters
 * @param projectionWidth H, width of the per-input graph's {@code projection} output
 * @param input           input shape and normalisation
 * @param target          target names and evaluation grid
 * @param graphs          role → file name ({@code input}, {@code energy})
 * @param architecture    layer widths, enough to rebuild the DJL model
 * @param metrics         evaluation results at export time
 * @param training        training settings
 * @param seed            the run's seed
 * @param gitCommit       commit of the code that trained it, or {@code unknown}
 * @param libraries       library → version
 * @param createdAt       ISO-8601 instant
 */
public record Manifest(
    String format,
    String name,
    String version,
    String task,
    String method,
    int targetDim,
    int components,
    boolean hasEnergy,
    boolean hasProposal,
    int projectionWidth,
    InputSpec input,
    TargetSpec target,
    Map<String, String> graphs,
    ArchitectureSpec architecture,
    Map<String, Double> metrics,
    Map<String, Object> training,
    long seed,
    String gitCommit,
    Map<String, String> libraries,
    String createdAt) {

  /** The format identifier this code writes and reads. */
  public static final String FORMAT = "ebm-perception-bundle/1";

  /**
   * @param shape  one input without the batch axis, e.g. {@code [1]} or {@code [3, 64, 64]}
   * @param layout {@code vector} or {@code chw-rgb}
   * @param scale  multiply raw values by this first (1/255 for 8-bit images)
   * @param mean   then subtract this per channel (empty: none)
   * @param std    then divide by this per channel (empty: none)
   */
  public record InputSpec(long[] shape, String layout, float scale, float[] mean, float[] std) {}

  /**
   * @param names      names of the D target dimensions
   * @param gridLo     lower grid bound per dimension (grid NLL, plots)
   * @param gridHi     upper grid bound per dimension
   * @param gridPoints grid points per dimension
   */
  public record TargetSpec(List<String> names, float[] gridLo, float[] gridHi, int gridPoints) {}

  /**
   * @param featureWidths  fully connected feature net widths
   * @param yBranchWidths  y-branch widths
   * @param jointWidth     joint layer width H
   * @param residual       whether the head has the residual step
   * @param proposalHidden MDN branch width
   * @param proposalMode   NONE, JOINT or SEPARATE
   * @param backbone       feature net: {@code mlp}, {@code cnn} or {@code resnet18} (absent in
   *                       bundles written before it was recorded: {@code mlp})
   */
  public record ArchitectureSpec(int[] featureWidths, int[] yBranchWidths, int jointWidth,
      boolean residual, int proposalHidden, String proposalMode, String backbone) {}
}
