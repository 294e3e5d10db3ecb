package io.ebmperception.schemas;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without allocating anything the body
 * claims, and refuses a body that lies about its sizes: a string, bytes, array or map count
 * larger than the bytes left could ever hold, a collection longer than {@code maxItems}, an enum
 * or union index out of range, a varint longer than 10 bytes, or bytes left over after the last
 * field. Avro's own decoder allocates first (a 2 KB record whose array claims 2^28 floats made it
 * reserve a GiB), so a record passes this check before it is decoded.
 *
 * <p>The bound per collection is {@code count × (smallest encoding of one item) ≤ bytes left};
 * an item that can encode to zero bytes (null, an empty record) counts as one byte, so a
 * collection of nulls longer than the rest of the record is refused too (none of our schemas has
 * one).
 */
final class AvroBodyCheck {
  /** Deeper nesting than this is refused (none of our schemas nests more than four levels). */
  private static final int MAX_DEPTH = 64;
  private final int maxItems;

  /** @param maxItems the most items one array or map may hold (counted over all its blocks) */
  AvroBodyCheck(int maxItems) {
    this.maxItems = maxItems;
  }

  /** A body that does not fit {@code schema}, with what it claimed. */
  static final class BoundsException extends Exception {
    private static final long serialVersionUID = 1L;

    BoundsException(String message) {
      super(message, null, false, false);
    }
  }

  /** Checks {@code bytes[from..]} as one complete body of {@code schema}. */
  void check(Schema schema, byte[] bytes, int from) throws BoundsException {
    Cursor cursor = new Cursor(bytes, from);
    value(schema, cursor, schema.getName(), 0);
    if (cursor.left() != 0) {
      throw new BoundsException(cursor.left() + " byte(s) after the end of the " + schema.getName() + " record");
    }
  }

  private void value(Schema schema, Cursor in, String path, int depth) throws BoundsException {
    if (depth > MAX_DEPTH) {
      throw new BoundsException(path + " nests deeper than " + MAX_DEPTH + " levels");
    }
    switch (schema.getType()) {
      case NULL -> { }
      case BOOLEAN -> in.skip(1, path);
      case INT -> {
        long v = in.varint(path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new BoundsException(path + " holds " + v + ", outside the int range");
        }
      }
      case LONG -> in.varint(path);
      case FLOAT -> in.skip(4, path);
      case DOUBLE -> in.skip(8, path);
      case STRING, BYTES -> {
        long length = in.varint(path);
        if (length < 0 || length > in.left()) {
          throw new BoundsException(path + " claims " + length + " bytes, " + in.left() + " left in the record");
        }
        in.skip((int) length, path);
      }
      case FIXED -> in.skip(schema.getFixedSize(), path);
      case ENUM -> index(in.varint(path), schema.getEnumSymbols().size(), path, "enum symbol");
      case UNION -> {
        int branch = index(in.varint(path), schema.getTypes().size(), path, "union branch");
        value(schema.getTypes().get(branch), in, path, depth + 1);
      }
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          value(field.schema(), in, path + "." + field.name(), depth + 1);
        }
      }
      case ARRAY -> items(in, path, depth, schema.getElementType(), null);
      case MAP -> items(in, path, depth, schema.getValueType(), Schema.create(Schema.Type.STRING));
    }
  }

  /** The blocks of an array (key null) or a map: each a count, then that many items. */
  private void items(Cursor in, String path, int depth, Schema item, Schema key) throws BoundsException {
    long each = Math.max(1, smallestBytes(item, Collections.newSetFromMap(new IdentityHashMap<>()))
        + (key == null ? 0 : 1));
    long total = 0;
    while (true) {
      long count = in.varint(path);
      if (count == 0) {
        return;
      }
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw new BoundsException(path + " claims a block of " + count + " items");
        }
        count = -count;
        long blockBytes = in.varint(path);
        if (blockBytes < 0 || blockBytes > in.left()) {
          throw new BoundsException(path + " claims a block of " + blockBytes + " bytes, " + in.left()
              + " left in the record");
        }
      }
      if (count > in.left() / each) {
        throw new BoundsException(path + " claims " + count + " items of at least " + each + " byte(s), "
            + in.left() + " bytes left in the record");
      }
      total += count;
      if (total > maxItems) {
        throw new BoundsException(path + " holds more than " + maxItems + " items");
      }
      for (long i = 0; i < count; i++) {
        if (key != null) {
          value(key, in, path + "[key]", depth + 1);
        }
        value(item, in, path + "[]", depth + 1);
      }
    }
  }

  private static int index(long value, int size, String path, String what) throws BoundsException {
    if (value < 0 || value >= size) {
      throw new BoundsException(path + " names " + what + " " + value + " of " + size);
    }
    return (int) value;
  }

  /** The fewest bytes one value of {@code schema} can encode to ({@code visiting}: a recursion guard). */
  private static long smallestBytes(Schema schema, Set<Schema> visiting) {
    if (!visiting.add(schema)) {
      return 0; // a recursive schema meets itself as 0 bytes
    }
    long bytes = switch (schema.getType()) {
      case NULL -> 0;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> schema.getFixedSize();
      case RECORD -> {
        long sum = 0;
        for (Schema.Field field : schema.getFields()) {
          sum = Math.min(Integer.MAX_VALUE, sum + smallestBytes(field.schema(), visiting));
        }
        yield sum;
      }
      case UNION -> {
        long least = Integer.MAX_VALUE;
        for (Schema branch : schema.getTypes()) {
          least = Math.min(least, smallestBytes(branch, visiting));
        }
        yield 1 + least;
      }
      default -> 1; // boolean, int, long, string, bytes, enum, array, map
    };
    visiting.remove(schema);
    return bytes;
  }

  /** A read position in the body. */
  private static final class Cursor {
    private final byte[] bytes;
    private int at;

    Cursor(byte[] bytes, int at) {
      this.bytes = bytes;
      this.at = at;
    }

    int left() {
      return bytes.length - at;
    }

    void skip(int n, String path) throws BoundsException {
      if (n > left()) {
        throw new BoundsException(path + " needs " + n + " bytes, " + left() + " left in the record");
      }
      at += n;
    }

    /** A zig-zag varint, at most 10 bytes. */
    long varint(String path) throws BoundsException {
      long raw = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        if (at >= bytes.length) {
          throw new BoundsException(path + " is cut off (the record ends inside a number)");
        }
        int b = bytes[at++] & 0xFF;
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw new BoundsException(path + " holds a number longer than 10 bytes");
    }
  }
}
