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

  /** {@link Backbone#CNN}: features of 128 values for CHW images of any size from 8 pixels up. */
  static BackboneFactory smallCnn() {
    return spec -> {
      requireImage(spec);
      SequentialBlock net = new SequentialBlock();
      int[] channels = {16, 32, 64, 128};
      for (int i = 0; i < channels.length; i++) {
        net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(channels[i])
                .optPadding(new Shape(1, 1)).optBias(false).build())
            .add(BatchNorm.builder().build())
            .add(Mlp.relu());
        if (i < channels.length - 1) {
          net.add(ConvBlocks.maxPool(2, 2, 0));
        }
      }
      return net.add(ConvBlocks.globalAvgPool()).add(Mlp.flatten());
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
