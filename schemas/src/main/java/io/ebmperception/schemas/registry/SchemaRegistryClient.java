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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A client of the schema registry REST API that Confluent's Schema Registry defined and Apicurio
 * Registry ({@code /apis/ccompat/v7}) and Karapace also serve: register a schema under a subject,
 * fetch a schema by its id, set a subject's compatibility level. It holds what it learned (ids
 * of schemas it registered, schemas of ids it fetched) for the life of the process, as the ids
 * never change, so a record costs a map look-up and no request once its schema is known.
 *
 * <p>The registry is a dependency that can fail, and the client bounds what that costs: every
 * exchange, body included, ends within the timeout (a registry that trickles its answer is cut
 * off), an answer larger than {@link #MAX_ANSWER_BYTES} is refused unread, an id the registry does
 * not hold is remembered for {@link #MISSING_TTL} (a burst of records with an unknown id costs one
 * request), and after a failed exchange no request goes out for 1, 2, 4, … s (at most
 * {@link #MAX_BACKOFF}): lookups fail at once with {@link SchemaRegistryUnavailableException}
 * until then, and {@link #unavailable()} says why (the app's readiness shows it).
 *
 * <p>Every failure is a {@link SchemaRegistryException} with a one-line message naming the URL and
 * what the registry said; credentials are never part of it, including a {@code user:password@}
 * written into the URL (used for basic authentication and masked wherever the URL is shown).
 */
public final class SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The largest answer read; a schema is a few kB, a registry's list of subjects rarely 100 kB. */
  public static final int MAX_ANSWER_BYTES = 1 << 20;
  /** How long an id the registry said it does not hold is taken as missing without asking again. */
  public static final Duration MISSING_TTL = Duration.ofSeconds(30);
  /** The longest wait between requests while the registry fails. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  private final String baseUrl;
  private final LongSupplier nanoClock;
  private final Map<Integer, Long> missingUntil = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<Optional<Schema>>> fetching = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private final Object outage = new Object();
  private long retryAtNanos; // guarded by outage
  private Duration backoff = FIRST_BACKOFF; // guarded by outage
  private String outageReason; // guarded by outage; null while the registry answers
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
    this(url, basicAuthUserInfo, timeout, System::nanoTime);
  }

  SchemaRegistryClient(String url, Optional<String> basicAuthUserInfo, Duration timeout, LongSupplier nanoClock) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException("schema.registry.url '" + masked(url) + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new SchemaRegistryException("schema.registry.url '" + masked(url) + "' must start with http:// or https://");
    }
    Optional<String> userInfo = basicAuthUserInfo.or(() -> Optional.ofNullable(uri.getRawUserInfo())
        .map(u -> java.net.URLDecoder.decode(u, StandardCharsets.UTF_8)));
    String withoutUser = uri.getRawUserInfo() == null ? url : url.replaceFirst("://[^@/]*@", "://");
    this.baseUrl = withoutUser.endsWith("/") ? withoutUser.substring(0, withoutUser.length() - 1) : withoutUser;
    this.authorization = userInfo.map(u -> "Basic "
        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    this.requestTimeout = timeout;
    this.nanoClock = nanoClock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code url} with any {@code user:password@} replaced by {@code ****@}, for messages and logs. */
  public static String masked(String url) {
    return url == null ? null : url.replaceFirst("://[^@/]*@", "://****@");
  }

  /** The registry's base URL, without credentials. */
  public String url() {
    return baseUrl;
  }

  /** Why the registry is taken as away now (its last failure; no request goes out until it clears), or empty. */
  public Optional<String> unavailable() {
    synchronized (outage) {
      return Optional.ofNullable(outageReason);
    }
  }

  /** Exchanges with the registry that failed for the registry's sake (no answer, unreachable, HTTP 5xx). */
  public long failures() {
    return failures.get();
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

  /**
   * The schema with {@code id}, or empty when the registry has none by that id. Concurrent lookups
   * of one id share one request.
   */
  public Optional<Schema> schema(int id) {
    Schema known = byId.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    Long missing = missingUntil.get(id);
    if (missing != null && nanoClock.getAsLong() - missing < 0) {
      return Optional.empty();
    }
    CompletableFuture<Optional<Schema>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Schema>> running = fetching.putIfAbsent(id, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof SchemaRegistryException r ? r : e;
      }
    }
    try {
      Optional<Schema> schema = fetch(id);
      mine.complete(schema);
      return schema;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      fetching.remove(id, mine);
    }
  }

  private Optional<Schema> fetch(int id) {
    JsonNode reply;
    try {
      reply = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
    } catch (NotFound e) {
      long now = nanoClock.getAsLong();
      missingUntil.values().removeIf(until -> now - until >= 0); // records with made-up ids must not grow the map
      missingUntil.put(id, now + MISSING_TTL.toNanos());
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
    synchronized (outage) {
      long wait = retryAtNanos - nanoClock.getAsLong();
      if (outageReason != null && wait > 0) {
        throw new SchemaRegistryUnavailableException(outageReason + "; next try in "
            + Math.max(1, Duration.ofNanos(wait).toSeconds()) + " s");
      }
    }
    try {
      JsonNode reply = exchange(method, path, body, what);
      answered();
      return reply;
    } catch (SchemaRegistryUnavailableException e) {
      failed(e.getMessage());
      throw e;
    } catch (SchemaRegistryException e) { // an answer, if not the one hoped for: the registry is there
      answered();
      throw e;
    }
  }

  private void answered() {
    synchronized (outage) {
      outageReason = null;
      backoff = FIRST_BACKOFF;
    }
  }

  private void failed(String reason) {
    failures.incrementAndGet();
    synchronized (outage) {
      outageReason = reason;
      retryAtNanos = nanoClock.getAsLong() + backoff.toNanos();
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private JsonNode exchange(String method, String path, JsonNode body, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(a -> request.header("Authorization", a));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    // one deadline for the whole exchange, body included: the client's own request timeout ends at
    // the headers, and a registry that then sends a byte every few seconds would hold a partition
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request.build(), CappedBody.HANDLER);
    try {
      response = pending.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new SchemaRegistryUnavailableException("the schema registry at " + baseUrl + " gave no complete answer within "
          + requestTimeout.toSeconds() + " s to " + what);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CappedBody.TooLarge) {
        throw new SchemaRegistryException("the schema registry at " + baseUrl + " answered more than "
            + MAX_ANSWER_BYTES / 1024 + " KiB to " + what + ": not a schema registry's answer (is the URL right?)");
      }
      IOException io = e.getCause() instanceof IOException i ? i : new IOException(e.getCause());
      throw new SchemaRegistryUnavailableException("cannot reach the schema registry at " + baseUrl + " to " + what + ": "
          + why(io));
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while asking the schema registry at " + baseUrl + " to " + what);
    }
    int status = response.statusCode();
    if (status / 100 == 5) {
      throw new SchemaRegistryUnavailableException("the schema registry at " + baseUrl + " answered HTTP " + status
          + " to " + what);
    }
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
    if (e.getCause() instanceof IOException cause && e.getMessage() != null && e.getMessage().startsWith("java.")) {
      e = cause;
    }
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
