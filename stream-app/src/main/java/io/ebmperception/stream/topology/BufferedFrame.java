package io.ebmperception.stream.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A frame record held in the partition buffer of {@link BufferedPredictProcessor}, with what its
 * prediction or dead letter needs once the record itself is gone: source position, key,
 * timestamp and the original bytes. Encoded for the buffer's changelogged store.
 *
 * @param topic     source topic
 * @param partition source partition
 * @param offset    source offset
 * @param timestamp record timestamp (the outputs keep it)
 * @param key       record key (the camera id), or null
 * @param value     the record's bytes, or null (a tombstone)
 */
record BufferedFrame(String topic, int partition, long offset, long timestamp, String key, byte[] value) {

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(topic);
      out.writeInt(partition);
      out.writeLong(offset);
      out.writeLong(timestamp);
      out.writeBoolean(key != null);
      if (key != null) {
        out.writeUTF(key);
      }
      out.writeInt(value == null ? -1 : value.length);
      if (value != null) {
        out.write(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static BufferedFrame decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      long timestamp = in.readLong();
      String key = in.readBoolean() ? in.readUTF() : null;
      int length = in.readInt();
      byte[] value = null;
      if (length >= 0) {
        value = new byte[length];
        in.readFully(value);
      }
      return new BufferedFrame(topic, partition, offset, timestamp, key, value);
    } catch (IOException e) {
      throw new UncheckedIOException("damaged buffer entry", e);
    }
  }
}
