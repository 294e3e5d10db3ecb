package io.ebmperception.trainer.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

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
   * {@link Backbone#RESNET18}: DJL's {@code ResNetV1} with 18 layers minus its classifier (the
   * final fully connected layer), so h_x is the 512 globally pooled channels. The stem's max
   * pooling is swapped for the identical {@link ConvBlocks#maxPool(int, int, int)}, which the ONNX
   * exporter can read.
   */
  static BackboneFactory resnet18() {
    return spec -> {
      requireImage(spec);
      SequentialBlock zoo = ResNetV1.builder().setImageShape(new Shape(spec.inputShape()))
          .setNumLayers(18).setOutSize(1).build();
      SequentialBlock net = new SequentialBlock();
      List<Block> children = zoo.getChildren().values();
      for (Block b : children) {
        if (b instanceof Linear) {
          break; // the classifier and everything after it
        }
        if (b instanceof LambdaBlock l && "maxPool2d".equals(l.getName())) {
          net.add(ConvBlocks.maxPool(3, 2, 1));
        } else if (b instanceof LambdaBlock l && "batchFlatten".equals(l.getName())) {
          net.add(Mlp.flatten());
        } else {
          net.add(b);
        }
      }
      return net;
    };
  }

  private static void requireImage(ModelSpec spec) {
    if (spec.inputShape().length != 3) {
      throw new IllegalArgumentException("a convolutional backbone needs CHW image inputs, got shape "
          + java.util.Arrays.toString(spec.inputShape()));
    }
  }
}
