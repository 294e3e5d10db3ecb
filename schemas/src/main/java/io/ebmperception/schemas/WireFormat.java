package io.ebmperception.schemas;

import io.ebmperception.schemas.registry.SchemaRegistryClient;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How our Avro records are framed on the wire, and where their writer schemas come from.
 *
 * <ul>
 *   <li>{@link Kind#SINGLE_OBJECT} (the default): Avro's single-object encoding, {@code C3 01}, the
 *       writer schema's 8-byte CRC-64-AVRO fingerprint (little-endian), the body; schemas come from
 *       the {@link LocalSchemaStore} this release ships. No service is needed.
 *   <li>{@link Kind#REGISTRY}: the schema-registry framing of Confluent's serializers, byte
 *       {@code 00}, the schema's 4-byte id (big-endian), the body; schemas are registered with and
 *       fetched from a registry ({@link SchemaRegistryClient}) under the subject
 *       {@code <topic>-value} (the "topic name" strategy), so registry-aware tools read the topics.
 * </ul>
 *
 * <p>Whatever the kind, a reader decodes both framings (the first byte tells them apart), so a
 * cluster can move from one to the other while old records are still being read; a record in the
 * registry framing needs a registry to decode.
 */
public final class WireFormat {
  /** The framings, with the spelling of the {@code serde.format} setting. */
  public enum Kind {
    SINGLE_OBJECT("single-object"),
    REGISTRY("registry");

    private final String spelling;

    Kind(String spelling) {
      this.spelling = spelling;
    }

    /** The setting's value for this kind. */
    public String spelling() {
      return spelling;
    }

    /** The kind spelled {@code value}; the error lists the admitted spellings. */
    public static Kind parse(String value) {
      for (Kind k : values()) {
        if (k.spelling.equals(value)) {
          return k;
        }
      }
      throw new IllegalArgumentException("serde format '" + value + "' is not one of " + spellings());
    }

    /** The admitted spellings, in order. */
    public static List<String> spellingList() {
      return Arrays.stream(values()).map(Kind::spelling).toList();
    }

    /** The admitted spellings, for help and errors. */
    public static String spellings() {
      return String.join(", ", spellingList());
    }
  }

  /** First byte of a record in the registry framing. */
  public static final byte REGISTRY_MAGIC = 0;
  /** Bytes before the body in the registry framing: the magic byte and the 4-byte schema id. */
  public static final int REGISTRY_HEADER_BYTES = 5;

  private final Kind kind;
  private final LocalSchemaStore store;
  private final Optional<SchemaRegistryClient> registry;

  private WireFormat(Kind kind, LocalSchemaStore store, Optional<SchemaRegistryClient> registry) {
    this.kind = kind;
    this.store = store;
    this.registry = registry;
  }

  /** Single-object encoding with the schemas this release ships. */
  public static WireFormat singleObject() {
    return singleObject(LocalSchemaStore.withCurrentSchemas());
  }

  /** Single-object encoding with the writer schemas of {@code store}. */
  public static WireFormat singleObject(LocalSchemaStore store) {
    return new WireFormat(Kind.SINGLE_OBJECT, store, Optional.empty());
  }

  /**
   * Single-object encoding written; records in the registry framing are still read through
   * {@code registry} (a consumer during a move between the framings).
   */
  public static WireFormat singleObject(LocalSchemaStore store, SchemaRegistryClient registry) {
    return new WireFormat(Kind.SINGLE_OBJECT, store, Optional.of(registry));
  }

  /** The registry framing through {@code registry}; single-object records are still read with {@code store}. */
  public static WireFormat registry(LocalSchemaStore store, SchemaRegistryClient registry) {
    return new WireFormat(Kind.REGISTRY, store, Optional.of(registry));
  }

  /** The subject that holds the value schemas of {@code topic} (the topic name strategy). */
  public static String subject(String topic) {
    return topic + "-value";
  }

  public Kind kind() {
    return kind;
  }

  public LocalSchemaStore store() {
    return store;
  }

  public Optional<SchemaRegistryClient> registry() {
    return registry;
  }

  /**
   * This format once its registry, if it has one, has answered: a wrong or unreachable
   * {@code schema.registry.url} fails here, at a command's start, in one line.
   */
  public WireFormat checked() {
    registry.ifPresent(SchemaRegistryClient::probe);
    return this;
  }

  @Override
  public String toString() {
    return kind.spelling() + registry.map(r -> " (" + r.url() + ")").orElse("");
  }
}
