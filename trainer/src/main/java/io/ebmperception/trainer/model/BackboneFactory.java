package io.ebmperception.trainer.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * Makes a fresh feature net h_x = backbone(x) for a model; called once per feature net, so the
 * stand-alone MDN gets its own.
 */
@FunctionalInterface
public interface BackboneFactory {
  /** A new, uninitialised feature net for inputs of {@code spec.inputShape()}. */
  Block create(ModelSpec spec);

  /** The factory of {@code backbone}. */
  static BackboneFactory of(Backbone backbone) {
    return switch (backbone) {
      case MLP -> mlp();
      case CNN -> smallCnn();
      case RESNET18 -> resnet18();
    };
  }

  /**
   * Fully connected layers of {@code architecture().featureWidths()} with ReLU after each; inputs
   * of rank above one (images) are flattened first.
   */
  static BackboneFactory mlp() {
    return spec -> {
      SequentialBlock net = new SequentialBlock();
      if (spec.inputShape().length > 1) {
        net.add(Mlp.flatten());
      }
      return net.addAll(Mlp.of(spec.architecture().featureWidths(), true).getChildren().values());
    };
  }

  /**
   * {@link Backbone#CNN}: four stages of 3×3 convolution, batch norm, ReLU and 2×2 max pooling
   * (16, 32, 64, 128 channels), then the whole remaining map flattened into a fully connected
   * layer of 128 with ReLU. The map is flattened rather than averaged because steering and pose
   * depend on where things are in the image: global average pooling throws that away, and a small
   * net cannot recover it from padding effects (measured: grid NLL 1.92 against 0.73 for plain
   * fully connected features on the 32-pixel roads after 8 epochs). Images must be at least
   * 16 pixels on a side.
   */
  static BackboneFactory smallCnn() {
    return spec -> {
      requireImage(spec);
      if (spec.inputShape()[1] < 16 || spec.inputShape()[2] < 16) {
        throw new IllegalArgumentException("the cnn backbone needs images of at least 16×16 pixels, got "
            + spec.inputShape()[1] + "×" + spec.inputShape()[2]);
      }
      SequentialBlock net = new SequentialBlock();
      for (int channels : new int[] {16, 32, 64, 128}) {
        net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(channels)
                .optPadding(new Shape(1, 1)).optBias(false).build())
            .add(BatchNorm.builder().build())
            .add(Mlp.relu())
            .add(ConvBlocks.maxPool(2, 2, 0));
      }
      return net.add(Mlp.flatten()).add(Linear.builder().setUnits(128).build()).add(Mlp.relu());
    };
  }

  /**
   * {@link Backbone#RESNET18}: ResNet18 with basic (two 3×3 convolution) residual units of 64, 128,
   * 256 and 512 channels, two per stage, after a 7×7 stride-2 stem and 3×3 max pooling, ending in
   * global average pooling → 512: the paper's feature net minus its classifier, about 11 M
   * parameters. The residual units are DJL model zoo's {@code ResNetV1.residualUnit}; the network
   * is assembled here because the zoo's builder turns on bottleneck units for every depth below 50,
   * which makes its "18 layers" a 0.9 M-parameter bottleneck net instead.
   */
  static BackboneFactory resnet18() {
    return spec -> {
      requireImage(spec);
      float momentum = 0.9f;
      SequentialBlock net = new SequentialBlock()
          .add(Conv2d.builder().setKernelShape(new Shape(7, 7)).setFilters(64).optStride(new Shape(2, 2))
              .optPadding(new Shape(3, 3)).optBias(false).build())
          .add(BatchNorm.builder().optEpsilon(2e-5f).optMomentum(momentum).build())
          .add(Mlp.relu())
          .add(ConvBlocks.maxPool(3, 2, 1));
      int[] filters = {64, 128, 256, 512};
      for (int stage = 0; stage < filters.length; stage++) {
        Shape stride = stage == 0 ? new Shape(1, 1) : new Shape(2, 2);
        net.add(ResNetV1.residualUnit(filters[stage], stride, false, false, momentum));
        net.add(ResNetV1.residualUnit(filters[stage], new Shape(1, 1), true, false, momentum));
      }
      return net.add(ConvBlocks.globalAvgPool()).add(Mlp.flatten());
    };
  }

  private static void requireImage(ModelSpec spec) {
    if (spec.inputShape().length != 3) {
      throw new IllegalArgumentException("a convolutional backbone needs CHW image inputs, got shape "
          + java.util.Arrays.toString(spec.inputShape()));
    }
  }
}
