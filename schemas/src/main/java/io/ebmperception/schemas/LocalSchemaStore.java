package io.ebmperception.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas this process can decode, keyed by their 64-bit Rabin fingerprint (the one in
 * every single-object-encoded message). It starts with the current schemas; older, compatible
 * versions are added from {@code .avsc} files so that records written by older producers still
 * decode (Avro resolves them to the current reader schema).
 */
public final class LocalSchemaStore implements SchemaStore {
  private final SchemaStore.Cache cache = new SchemaStore.Cache();

  /** Earlier versions of our schemas that this release still decodes, as class-path resources. */
  static final List<String> HISTORY = List.of("history/Prediction-v1.avsc", "history/Prediction-v2.avsc",
      "history/Prediction-v3.avsc", "history/Frame-v1.avsc", "history/DeadLetter-v1.avsc");

  /**
   * A store that knows the current Frame, Prediction and DeadLetter schemas and every earlier
   * version this release ships ({@link #HISTORY}), so records of older producers decode as they are.
   */
  public static LocalSchemaStore withCurrentSchemas() {
    LocalSchemaStore store = new LocalSchemaStore();
    store.add(Frame.getClassSchema());
    store.add(Prediction.getClassSchema());
    store.add(DeadLetter.getClassSchema());
    for (String resource : HISTORY) {
      store.add(historical(resource));
    }
    return store;
  }

  /** One shipped earlier schema version, e.g. {@code history/Prediction-v1.avsc}. */
  public static Schema historical(String resource) {
    try (InputStream in = LocalSchemaStore.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is missing from the class path");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }

  /** Registers a writer schema. */
  public LocalSchemaStore add(Schema schema) {
    cache.addSchema(schema);
    return this;
  }

  /** Registers every {@code .avsc} file of {@code dir} (older versions of our schemas). */
  public LocalSchemaStore addDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("schema directory " + dir + " does not exist");
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.toString().endsWith(".avsc")).sorted().forEach(f -> {
        try {
          add(new Schema.Parser().parse(f.toFile()));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read schema " + f, e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return this;
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return cache.findByFingerprint(fingerprint);
  }

  /** The fingerprint single-object encoding writes for {@code schema}. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }
}
