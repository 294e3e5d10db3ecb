package io.ebmperception.trainer.model;

import java.util.Arrays;

/**
 * Layer widths of the networks, as in the paper's reference code.
 *
 * @param featureWidths  hidden widths of the fully connected feature net for vector inputs (the
 *                       last one is the feature size F); image backbones ignore it
 * @param yBranchWidths  widths of the y-branch D → ... → H_y of the energy head
 * @param jointWidth     width of the joint layer FC(concat(h_x, h_y))
 * @param residual       whether the head adds the 1-D reference's residual step
 *                       {@code b = ReLU(FC(a)) + a}
 * @param proposalHidden hidden width of each of the MDN head's three branches
 * @param backbone       the feature net h_x
 */
public record Architecture(int[] featureWidths, int[] yBranchWidths, int jointWidth,
    boolean residual, int proposalHidden, Backbone backbone) {

  public Architecture {
    featureWidths = featureWidths.clone();
    backbone = backbone == null ? Backbone.MLP : backbone;
    yBranchWidths = yBranchWidths.clone();
    if (yBranchWidths.length == 0 || jointWidth < 1 || proposalHidden < 1) {
      throw new IllegalArgumentException("widths must be positive and the y-branch non-empty");
    }
  }

  /** Hidden width 10 everywhere: the networks of the paper's 1-D experiments. */
  public static Architecture toy() {
    return vector(10);
  }

  /** The 1-D experiments' networks with hidden width {@code width} everywhere. */
  public static Architecture vector(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    return new Architecture(new int[] {width, width}, new int[] {width, width}, width, true, width,
        Backbone.MLP);
  }

  /**
   * The image networks of the paper: ResNet18 features (512), y-branch 16-32-64-128, joint layer
   * 512, MDN branches 512. With {@link #withBackbone} {@link Backbone#MLP} the features are fully
   * connected 1024-512, so h_x keeps ResNet18's 512 dimensions.
   */
  public static Architecture image() {
    return new Architecture(new int[] {1024, 512}, new int[] {16, 32, 64, 128}, 512, false, 512,
        Backbone.RESNET18);
  }

  /**
   * A small head for images on CPU: the small {@link Backbone#CNN} (128 features), y-branch
   * 16-32-64, joint layer 128, MDN branches 64. For quick models (tests, the demo, the synthetic
   * tables); the paper's image networks are {@link #image()}. With {@link Backbone#MLP} the
   * features are fully connected 128-64 on the flattened image.
   */
  public static Architecture smallImage() {
    return new Architecture(new int[] {128, 64}, new int[] {16, 32, 64}, 128, false, 64,
        Backbone.CNN);
  }

  /** The same widths on another feature net. */
  public Architecture withBackbone(Backbone value) {
    return new Architecture(featureWidths, yBranchWidths, jointWidth, residual, proposalHidden, value);
  }

  /**
   * Floats of the energy network's activations for one (x, y) pair when f is evaluated on many y
   * per x: the replicated h_x, the y-branch, the joint input and the joint layers. What evaluation
   * chunks are sized by.
   */
  public int energyFloatsPerSample() {
    int hx = java.util.Arrays.stream(featureWidths).max().orElse(1);
    int hy = java.util.Arrays.stream(yBranchWidths).sum();
    return hx + hy + hx + yFeatures() + jointWidth * (residual ? 3 : 2) + 1;
  }

  /** Width H_y of the y-branch output. */
  public int yFeatures() {
    return yBranchWidths[yBranchWidths.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture a
        && Arrays.equals(featureWidths, a.featureWidths)
        && Arrays.equals(yBranchWidths, a.yBranchWidths)
        && jointWidth == a.jointWidth
        && residual == a.residual
        && proposalHidden == a.proposalHidden
        && backbone == a.backbone;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(featureWidths) * 31 + Arrays.hashCode(yBranchWidths) + jointWidth;
  }

  @Override
  public String toString() {
    return "Architecture[features=" + Arrays.toString(featureWidths) + ", yBranch="
        + Arrays.toString(yBranchWidths) + ", joint=" + jointWidth + ", residual=" + residual
        + ", proposalHidden=" + proposalHidden + ", backbone=" + backbone.id() + "]";
  }
}
