package io.ebmperception.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter-free layers of the convolutional backbones, as named {@link LambdaBlock}s: the name
 * carries everything the ONNX exporter needs to write the same operation (DJL's own pooling
 * blocks do not expose their kernel, stride or padding).
 */
public final class ConvBlocks {
  /** Name of DJL's global average pooling block (kept as DJL writes it). */
  public static final String GLOBAL_AVG_POOL = "globalAvgPool2d";
  private static final Pattern MAX_POOL = Pattern.compile("maxPool2d-k(\\d+)-s(\\d+)-p(\\d+)");

  private ConvBlocks() {}

  /** Square max pooling with the given kernel, stride and padding. */
  public static LambdaBlock maxPool(int kernel, int stride, int padding) {
    return LambdaBlock.singleton(a -> Pool.maxPool2d(a, new Shape(kernel, kernel),
            new Shape(stride, stride), new Shape(padding, padding), false),
        String.format(Locale.ROOT, "maxPool2d-k%d-s%d-p%d", kernel, stride, padding));
  }

  /** Global average pooling {@code [N, C, H, W] → [N, C, 1, 1]}. */
  public static LambdaBlock globalAvgPool() {
    return LambdaBlock.singleton(Pool::globalAvgPool2d, GLOBAL_AVG_POOL);
  }

  /**
   * Kernel, stride and padding of a block made by {@link #maxPool}, or null if {@code name} is not
   * such a block.
   */
  public static int[] maxPoolParameters(String name) {
    Matcher m = MAX_POOL.matcher(name);
    if (!m.matches()) {
      return null;
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3))};
  }
}
