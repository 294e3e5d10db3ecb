package io.ebmperception.schemas;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  private static final Schema MAP_KEY = Schema.create(Schema.Type.STRING);
  private final int maxItems;
  /** The smallest encoding of an item, per item schema (computed once; a serde sees few schemas). */
  private final Map<Schema, Long> smallest = new ConcurrentHashMap<>();

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
    Cursor cursor = new Cursor(bytes, from, schema.getName());
    value(schema, cursor, 0);
    if (cursor.left() != 0) {
      throw new BoundsException(cursor.left() + " byte(s) after the end of the " + schema.getName() + " record");
    }
  }

  private void value(Schema schema, Cursor in, int depth) throws BoundsException {
    if (depth > MAX_DEPTH) {
      throw new BoundsException(in.path() + " nests deeper than " + MAX_DEPTH + " levels");
    }
    switch (schema.getType()) {
      case NULL -> { }
      case BOOLEAN -> in.skip(1);
      case INT -> {
        long v = in.varint();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new BoundsException(in.path() + " holds " + v + ", outside the int range");
        }
      }
      case LONG -> in.varint();
      case FLOAT -> in.skip(4);
      case DOUBLE -> in.skip(8);
      case STRING, BYTES -> {
        long length = in.varint();
        if (length < 0 || length > in.left()) {
          throw new BoundsException(in.path() + " claims " + length + " bytes, " + in.left() + " left in the record");
        }
        in.skip((int) length);
      }
      case FIXED -> in.skip(schema.getFixedSize());
      case ENUM -> index(in.varint(), schema.getEnumSymbols().size(), in, "enum symbol");
      case UNION -> {
        int branch = index(in.varint(), schema.getTypes().size(), in, "union branch");
        value(schema.getTypes().get(branch), in, depth + 1);
      }
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          in.enter(field.name());
          value(field.schema(), in, depth + 1);
          in.leave();
        }
      }
      case ARRAY -> items(in, depth, schema.getElementType(), false);
      case MAP -> items(in, depth, schema.getValueType(), true);
    }
  }

  /** The blocks of an array or a map: each a count, then that many items (map items after their key). */
  private void items(Cursor in, int depth, Schema item, boolean map) throws BoundsException {
    long each = Math.max(1, smallest.computeIfAbsent(item,
        s -> smallestBytes(s, Collections.newSetFromMap(new IdentityHashMap<>()))) + (map ? 1 : 0));
    long total = 0;
    while (true) {
      long count = in.varint();
      if (count == 0) {
        return;
      }
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw new BoundsException(in.path() + " claims a block of " + count + " items");
        }
        count = -count;
        long blockBytes = in.varint();
        if (blockBytes < 0 || blockBytes > in.left()) {
          throw new BoundsException(in.path() + " claims a block of " + blockBytes + " bytes, " + in.left()
              + " left in the record");
        }
      }
      if (count > in.left() / each) {
        throw new BoundsException(in.path() + " claims " + count + " items of at least " + each + " byte(s), "
            + in.left() + " bytes left in the record");
      }
      total += count;
      if (total > maxItems) {
        throw new BoundsException(in.path() + " holds more than " + maxItems + " items");
      }
      for (long i = 0; i < count; i++) {
        if (map) {
          in.enter("[key]");
          value(MAP_KEY, in, depth + 1);
          in.leave();
        }
        in.enter("[]");
        value(item, in, depth + 1);
        in.leave();
      }
    }
  }

  private static int index(long value, int size, Cursor in, String what) throws BoundsException {
    if (value < 0 || value >= size) {
      throw new BoundsException(in.path() + " names " + what + " " + value + " of " + size);
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

  /**
   * A read position in the body, and the path to it (field names, {@code []} for an item), kept as
   * a stack and spelled out only for an error message, so that a good record costs no strings.
   */
  private static final class Cursor {
    private final byte[] bytes;
    private final ArrayDeque<String> path = new ArrayDeque<>();
    private int at;

    Cursor(byte[] bytes, int at, String root) {
      this.bytes = bytes;
      this.at = at;
      path.addLast(root);
    }

    void enter(String name) {
      path.addLast(name);
    }

    void leave() {
      path.removeLast();
    }

    /** e.g. {@code Frame.label[]}. */
    String path() {
      StringBuilder b = new StringBuilder();
      Iterator<String> names = path.iterator();
      b.append(names.next());
      while (names.hasNext()) {
        String n = names.next();
        b.append(n.startsWith("[") ? "" : ".").append(n);
      }
      return b.toString();
    }

    int left() {
      return bytes.length - at;
    }

    void skip(int n) throws BoundsException {
      if (n > left()) {
        throw new BoundsException(path() + " needs " + n + " bytes, " + left() + " left in the record");
      }
      at += n;
    }

    /** A zig-zag varint, at most 10 bytes. */
    long varint() throws BoundsException {
      long raw = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        if (at >= bytes.length) {
          throw new BoundsException(path() + " is cut off (the record ends inside a number)");
        }
        int b = bytes[at++] & 0xFF;
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw new BoundsException(path() + " holds a number longer than 10 bytes");
    }
  }
}
