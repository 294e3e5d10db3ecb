package io.ebmperception.trainer.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array of NumPy's {@code .npy} format (version 1, 2 or 3): a magic string, a header dict with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw C-order data. Only the
 * element types image datasets use are read: {@code |u1}, {@code <f4}, {@code <f8}, {@code <i4},
 * {@code <i8}.
 *
 * @param descr the NumPy type string
 * @param shape the dimensions
 * @param data  the flat data: byte[] for u1, float[] for f4, double[] for f8, int[] or long[]
 */
public record NpyArray(String descr, int[] shape, Object data) {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** Parses {@code bytes}; {@code source} names it in error messages. */
  public static NpyArray parse(byte[] bytes, String source) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !"NUMPY".equals(new String(bytes, 1, 5, StandardCharsets.US_ASCII))) {
      throw new DataFormatException(source + ": not a .npy array");
    }
    int major = bytes[6];
    int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
    int headerStart = major == 1 ? 10 : 12;
    String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, source, "descr");
    if ("True".equals(group(FORTRAN, header, source, "fortran_order"))) {
      throw new DataFormatException(source + ": Fortran-order arrays are not supported");
    }
    int[] shape = Arrays.stream(group(SHAPE, header, source, "shape").split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    ByteBuffer body = ByteBuffer.wrap(bytes, headerStart + headerLength, bytes.length - headerStart - headerLength)
        .slice().order(ByteOrder.LITTLE_ENDIAN);
    Object data = switch (descr) {
      case "|u1", "<u1" -> {
        byte[] out = new byte[count];
        body.get(out);
        yield out;
      }
      case "<f4" -> {
        float[] out = new float[count];
        body.asFloatBuffer().get(out);
        yield out;
      }
      case "<f8" -> {
        double[] out = new double[count];
        body.asDoubleBuffer().get(out);
        yield out;
      }
      case "<i4" -> {
        int[] out = new int[count];
        body.asIntBuffer().get(out);
        yield out;
      }
      case "<i8" -> {
        long[] out = new long[count];
        body.asLongBuffer().get(out);
        yield out;
      }
      default -> throw new DataFormatException(source + ": element type " + descr + " is not supported");
    };
    return new NpyArray(descr, shape, data);
  }

  /** An unsigned 8-bit array (images). */
  public static NpyArray ofBytes(byte[] data, int... shape) {
    return new NpyArray("|u1", shape.clone(), data);
  }

  /** A float32 array (labels). */
  public static NpyArray ofFloats(float[] data, int... shape) {
    return new NpyArray("<f4", shape.clone(), data);
  }

  /**
   * This array in {@code .npy} format version 1.0 (the header padded so that the data starts at a
   * multiple of 64 bytes, as NumPy writes it). Only {@code |u1} and {@code <f4} are written.
   */
  public byte[] toBytes() {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(", ");
    }
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
        : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
    StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
        + shapeText + ", }");
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    int elementSize = "|u1".equals(descr) ? 1 : 4;
    int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    ByteBuffer out = ByteBuffer.allocate(10 + header.length() + count * elementSize)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    out.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (data instanceof byte[] b && "|u1".equals(descr)) {
      out.put(b);
    } else if (data instanceof float[] f && "<f4".equals(descr)) {
      out.asFloatBuffer().put(f);
    } else {
      throw new IllegalStateException("cannot write " + descr + " arrays");
    }
    return out.array();
  }

  private static String group(Pattern p, String header, String source, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DataFormatException(source + ": the .npy header has no " + key);
    }
    return m.group(1);
  }
}
