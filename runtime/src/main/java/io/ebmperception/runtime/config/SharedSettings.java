package io.ebmperception.runtime.config;

import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.WireFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings that the app and ingest both read, declared once: where Kafka is, the frames topic
 * and its record size, the health and metrics endpoint, and how records are framed. Each process's
 * own table ({@code Settings}, {@code IngestSettings}) lists these beside its own.
 */
public final class SharedSettings {
  private SharedSettings() {}

  /** Settings passed to the Kafka clients without this prefix. */
  public static final String KAFKA_PREFIX = "kafka.";

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.text("bootstrap.servers", null,
      "the Kafka cluster (none: an embedded broker)").optional();
  public static final Setting<Integer> EMBEDDED_PORT = Setting.integer("embedded.port", 9092, 0, 65535,
      "the embedded broker's port (0: any free one)");
  public static final Setting<String> FRAMES_TOPIC = Setting.text("topics.frames", "ebm.frames", "frames topic");
  public static final Setting<Integer> FRAME_MAX_BYTES = Setting.integer("frame.max.bytes",
      FrameRecords.DEFAULT_FRAME_MAX_BYTES, 1024, 1 << 30,
      "largest encoded frame (TOO_LARGE); topics and producers are sized from it");
  public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 0, 65535,
      "health and metrics port (0: any free one)");
  public static final Setting<String> HTTP_BIND = Setting.text("http.bind", "127.0.0.1",
      "address of the health and metrics endpoints (0.0.0.0 in containers)");
  public static final Setting<Path> SCHEMAS_DIR = Setting.path("schemas.dir", null,
      "extra .avsc writer schemas to accept").optional();
  public static final Setting<String> SERDE_FORMAT = Setting.choice("serde.format",
      WireFormat.Kind.SINGLE_OBJECT.spelling(), WireFormat.Kind.spellingList(),
      "framing of records written: Avro single-object, or a schema registry's (byte 0 + schema id); both are read");
  public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.text("schema.registry.url", null,
      "the registry's Confluent-compatible API (Apicurio: …/apis/ccompat/v7); needed by serde.format=registry")
      .optional();
  public static final Setting<String> SCHEMA_REGISTRY_USER_INFO = Setting.text("schema.registry.basic.auth.user.info",
      null, "user:password for the registry's HTTP basic authentication").optional();

  /** Where Kafka is and how to reach it. */
  public static final List<Setting<?>> CONNECTION = List.of(BOOTSTRAP_SERVERS, EMBEDDED_PORT);

  /** How records are framed and where writer schemas come from. */
  public static final List<Setting<?>> WIRE = List.of(SCHEMAS_DIR, SERDE_FORMAT, SCHEMA_REGISTRY_URL,
      SCHEMA_REGISTRY_USER_INFO);

  /** The health and metrics endpoint. */
  public static final List<Setting<?>> HTTP = List.of(HTTP_PORT, HTTP_BIND);
}
