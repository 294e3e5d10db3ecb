package io.ebmperception.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A client of the schema registry REST API that Confluent's Schema Registry defined and Apicurio
 * Registry ({@code /apis/ccompat/v7}) and Karapace also serve: register a schema under a subject,
 * fetch a schema by its id, set a subject's compatibility level. It holds what it learned (ids
 * of schemas it registered, schemas of ids it fetched) for the life of the process, as the ids
 * never change, so a record costs a map look-up and no request once its schema is known.
 *
 * <p>Every failure is a {@link SchemaRegistryException} with a one-line message naming the URL and
 * what the registry said; credentials are never part of it.
 */
public final class SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Optional<String> authorization;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Map<String, Integer> registered = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

  /**
   * A client of the registry at {@code url} (e.g. {@code http://registry:8080/apis/ccompat/v7} for
   * Apicurio, {@code http://registry:8081} for Confluent's).
   *
   * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or empty
   */
  public SchemaRegistryClient(String url, Optional<String> basicAuthUserInfo, Duration timeout) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException("schema.registry.url '" + url + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new SchemaRegistryException("schema.registry.url '" + url + "' must start with http:// or https://");
    }
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.authorization = basicAuthUserInfo.map(u -> "Basic "
        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    this.requestTimeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The registry's base URL, as given. */
  public String url() {
    return baseUrl;
  }

  /**
   * The id of {@code schema} under {@code subject}, registering it as the subject's next version
   * when the registry does not hold it yet; the registry checks it against the subject's
   * compatibility level first and refuses it when it does not pass.
   */
  public int register(String subject, Schema schema) {
    String key = subject + '\u0000' + SchemaNormalization.parsingFingerprint64(schema);
    Integer known = registered.get(key);
    if (known != null) {
      return known;
    }
    ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
    JsonNode reply = send("POST", "/subjects/" + encode(subject) + "/versions", body,
        "register " + schema.getFullName() + " under subject " + subject);
    int id = reply.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException("the schema registry at " + baseUrl + " answered the registration of "
          + schema.getFullName() + " under subject " + subject + " without an id: " + reply);
    }
    registered.put(key, id);
    byId.putIfAbsent(id, schema);
    return id;
  }

  /** The schema with {@code id}, or empty when the registry has none by that id. */
  public Optional<Schema> schema(int id) {
    Schema known = byId.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    JsonNode reply;
    try {
      reply = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
    } catch (NotFound e) {
      return Optional.empty();
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(reply.path("schema").asText());
    } catch (RuntimeException e) {
      throw new SchemaRegistryException("schema id " + id + " at " + baseUrl + " is not an Avro schema: "
          + e.getMessage());
    }
    byId.put(id, schema);
    return Optional.of(schema);
  }

  /** Sets {@code subject}'s compatibility level, e.g. {@code BACKWARD}. */
  public void setCompatibility(String subject, String level) {
    send("PUT", "/config/" + encode(subject), JSON.createObjectNode().put("compatibility", level),
        "set the compatibility of subject " + subject);
  }

  /** The versions registered under {@code subject}, oldest first; empty when the subject is unknown. */
  public List<Integer> versions(String subject) {
    List<Integer> out = new ArrayList<>();
    try {
      send("GET", "/subjects/" + encode(subject) + "/versions", null, "list the versions of subject " + subject)
          .forEach(v -> out.add(v.asInt()));
    } catch (NotFound e) {
      return List.of();
    }
    return out;
  }

  /** Checks that the registry answers (lists its subjects), so a wrong URL fails at start in one line. */
  public void probe() {
    JsonNode reply = send("GET", "/subjects", null, "list subjects");
    if (!reply.isArray()) {
      throw new SchemaRegistryException(baseUrl + " answered /subjects with " + abbreviate(reply.toString())
          + ", not a list: is it a schema registry's Confluent-compatible API (for Apicurio: .../apis/ccompat/v7)?");
    }
  }

  private JsonNode send(String method, String path, JsonNode body, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(a -> request.header("Authorization", a));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException("cannot reach the schema registry at " + baseUrl + " to " + what + ": "
          + why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while asking the schema registry at " + baseUrl + " to " + what);
    }
    int status = response.statusCode();
    JsonNode reply;
    try {
      reply = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SchemaRegistryException(baseUrl + " is not a schema registry (to " + what + " it answered HTTP "
          + status + " with " + abbreviate(response.body()) + ")");
    }
    if (status == 404) {
      throw new NotFound(baseUrl + path + ": not found");
    }
    if (status == 401 || status == 403) {
      throw new SchemaRegistryException("the schema registry at " + baseUrl + " refused the credentials (HTTP "
          + status + ") to " + what + "; check schema.registry.basic.auth.user.info");
    }
    if (status == 409) {
      throw new SchemaRegistryException("the schema registry at " + baseUrl + " refused to " + what
          + ": incompatible with the subject's earlier versions under its compatibility level ("
          + abbreviate(reply.path("message").asText(reply.toString())) + ")");
    }
    if (status / 100 != 2) {
      throw new SchemaRegistryException("the schema registry at " + baseUrl + " answered HTTP " + status + " to "
          + what + ": " + abbreviate(reply.path("message").asText(reply.toString())));
    }
    return reply;
  }

  /** What went wrong on the way, in words (the JDK's exceptions often carry no message). */
  private static String why(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused (is it running, and is the port right?)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer in time";
    }
    if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    return e.getMessage() == null ? "connection failed" : e.getMessage();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }

  /** The registry answered 404: the subject or id is not there. */
  private static final class NotFound extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}
