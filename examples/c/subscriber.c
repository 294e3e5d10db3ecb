/*
 * Subscribe to ebm-perception's predictions from C and print mean, sigma, modes and the trust verdict.
 *
 * Needs Debian's librdkafka-dev, libavro-dev (Avro C), libjansson-dev and libcurl4-openssl-dev;
 * `make` builds it. Reads both framings the app can write (docs/topics.md), by the first byte:
 *
 *   C3 01 + 8-byte fingerprint + body  Avro single-object encoding (serde.format=single-object):
 *                                      the writer schema is the shipped .avsc whose CRC-64-AVRO
 *                                      fingerprint of its Parsing Canonical Form matches.
 *   00 + 4-byte schema id + body       a schema registry's framing (serde.format=registry): the
 *                                      writer schema is fetched once per id from --registry.
 *
 * Avro C 1.11 has no Parsing Canonical Form, so this file writes it (pcf below); it is the
 * specification's rules for the schemas of this project (records, arrays, maps, unions, enums,
 * fixed, primitives with or without a logical type).
 *
 *   ./subscriber --bootstrap localhost:9092 --count 300
 *   ./subscriber --bootstrap kafka:9092 --registry http://registry:8080/apis/ccompat/v7
 */
#include <avro.h>
#include <curl/curl.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SCHEMAS 64

typedef struct {
  uint64_t fingerprint; /* single-object schemas */
  int id;               /* registry schemas (-1 for shipped ones) */
  avro_schema_t schema;
  avro_value_iface_t *iface;
} known_schema;

static known_schema known[MAX_SCHEMAS];
static int known_count = 0;
static const char *registry_url = NULL;

/* ---- CRC-64-AVRO and the Parsing Canonical Form ---- */

static uint64_t crc64_avro(const char *data, size_t n) {
  static uint64_t table[256];
  static int ready = 0;
  const uint64_t empty = 0xC15D213AA4D7A795ULL;
  if (!ready) {
    for (int i = 0; i < 256; i++) {
      uint64_t fp = (uint64_t)i;
      for (int j = 0; j < 8; j++) fp = (fp >> 1) ^ (empty & -(fp & 1));
      table[i] = fp;
    }
    ready = 1;
  }
  uint64_t fp = empty;
  for (size_t i = 0; i < n; i++) fp = (fp >> 8) ^ table[(fp ^ (uint8_t)data[i]) & 0xFF];
  return fp;
}

typedef struct {
  char *s;
  size_t len, cap;
} buf;

static void put(buf *b, const char *s) {
  size_t n = strlen(s);
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->len, s, n + 1);
  b->len += n;
}

static void put_quoted(buf *b, const char *s) {
  put(b, "\"");
  put(b, s);
  put(b, "\"");
}

static int is_primitive(const char *t) {
  static const char *p[] = {"null", "boolean", "int", "long", "float", "double", "bytes", "string", NULL};
  for (int i = 0; p[i]; i++)
    if (strcmp(t, p[i]) == 0) return 1;
  return 0;
}

/* full name of a named type from its name and the enclosing namespace */
static void full_name(char *out, size_t cap, const char *name, const char *ns) {
  if (strchr(name, '.') || ns == NULL || *ns == '\0') snprintf(out, cap, "%s", name);
  else snprintf(out, cap, "%s.%s", ns, name);
}

static void pcf(json_t *n, const char *ns, buf *out);

static void pcf_named(json_t *n, const char *type, const char *ns, buf *out) {
  char name[512], space[512];
  const char *given_ns = json_string_value(json_object_get(n, "namespace"));
  const char *name_s = json_string_value(json_object_get(n, "name"));
  full_name(name, sizeof name, name_s, given_ns ? given_ns : ns);
  const char *dot = strrchr(name, '.');
  snprintf(space, sizeof space, "%.*s", dot ? (int)(dot - name) : 0, name);
  put(out, "{\"name\":");
  put_quoted(out, name);
  put(out, ",\"type\":");
  put_quoted(out, type);
  if (strcmp(type, "record") == 0 || strcmp(type, "error") == 0) {
    put(out, ",\"fields\":[");
    json_t *fields = json_object_get(n, "fields");
    for (size_t i = 0; i < json_array_size(fields); i++) {
      json_t *f = json_array_get(fields, i);
      put(out, i ? ",{\"name\":" : "{\"name\":");
      put_quoted(out, json_string_value(json_object_get(f, "name")));
      put(out, ",\"type\":");
      pcf(json_object_get(f, "type"), space, out);
      put(out, "}");
    }
    put(out, "]");
  } else if (strcmp(type, "enum") == 0) {
    put(out, ",\"symbols\":[");
    json_t *symbols = json_object_get(n, "symbols");
    for (size_t i = 0; i < json_array_size(symbols); i++) {
      if (i) put(out, ",");
      put_quoted(out, json_string_value(json_array_get(symbols, i)));
    }
    put(out, "]");
  } else { /* fixed */
    char size[32];
    snprintf(size, sizeof size, ",\"size\":%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(n, "size")));
    put(out, size);
  }
  put(out, "}");
}

static void pcf(json_t *n, const char *ns, buf *out) {
  if (json_is_string(n)) {
    const char *t = json_string_value(n);
    char name[512];
    if (is_primitive(t)) put_quoted(out, t);
    else {
      full_name(name, sizeof name, t, ns);
      put_quoted(out, name);
    }
  } else if (json_is_array(n)) {
    put(out, "[");
    for (size_t i = 0; i < json_array_size(n); i++) {
      if (i) put(out, ",");
      pcf(json_array_get(n, i), ns, out);
    }
    put(out, "]");
  } else {
    json_t *type = json_object_get(n, "type");
    const char *t = json_string_value(type);
    if (t == NULL) pcf(type, ns, out); /* {"type": {...}} */
    else if (strcmp(t, "array") == 0) {
      put(out, "{\"type\":\"array\",\"items\":");
      pcf(json_object_get(n, "items"), ns, out);
      put(out, "}");
    } else if (strcmp(t, "map") == 0) {
      put(out, "{\"type\":\"map\",\"values\":");
      pcf(json_object_get(n, "values"), ns, out);
      put(out, "}");
    } else if (strcmp(t, "record") == 0 || strcmp(t, "error") == 0 || strcmp(t, "enum") == 0 ||
               strcmp(t, "fixed") == 0) {
      pcf_named(n, t, ns, out);
    } else {
      pcf(type, ns, out); /* a primitive, perhaps with a logicalType: the bare name */
    }
  }
}

/* ---- schemas ---- */

static known_schema *add_schema(const char *json, uint64_t fingerprint, int id) {
  if (known_count == MAX_SCHEMAS) return NULL;
  known_schema *k = &known[known_count];
  if (avro_schema_from_json_length(json, strlen(json), &k->schema)) {
    fprintf(stderr, "not an Avro schema: %s\n", avro_strerror());
    return NULL;
  }
  k->fingerprint = fingerprint;
  k->id = id;
  k->iface = avro_generic_class_from_schema(k->schema);
  known_count++;
  return k;
}

static int load_shipped(const char *path) {
  json_error_t error;
  json_t *root = json_load_file(path, 0, &error);
  if (!root) {
    fprintf(stderr, "cannot read %s: %s\n", path, error.text);
    return -1;
  }
  buf canonical = {0};
  pcf(root, "", &canonical);
  char *text = json_dumps(root, JSON_COMPACT);
  known_schema *k = add_schema(text, crc64_avro(canonical.s, canonical.len), -1);
  free(text);
  free(canonical.s);
  json_decref(root);
  return k ? 0 : -1;
}

static size_t collect(char *data, size_t size, size_t n, void *user) {
  buf *b = user;
  size_t len = size * n;
  if (b->len + len + 1 > b->cap) {
    b->cap = (b->len + len + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->len, data, len);
  b->len += len;
  b->s[b->len] = '\0';
  return len;
}

static known_schema *registry_schema(int id) {
  for (int i = 0; i < known_count; i++)
    if (known[i].id == id) return &known[i];
  if (!registry_url) {
    fprintf(stderr, "record in the registry framing (schema id %d) but no --registry given\n", id);
    return NULL;
  }
  char url[1024];
  snprintf(url, sizeof url, "%s/schemas/ids/%d", registry_url, id);
  buf body = {0};
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    fprintf(stderr, "cannot fetch %s: %s\n", url, curl_easy_strerror(rc));
    free(body.s);
    return NULL;
  }
  json_error_t error;
  json_t *reply = json_loads(body.s, 0, &error);
  free(body.s);
  const char *schema = reply ? json_string_value(json_object_get(reply, "schema")) : NULL;
  known_schema *k = schema ? add_schema(schema, 0, id) : NULL;
  json_decref(reply);
  return k;
}

/* ---- printing ---- */

static void print_floats(avro_value_t *array, int stride, int diagonal_of) {
  size_t n = 0;
  avro_value_get_size(array, &n);
  printf("[");
  int printed = 0;
  for (size_t i = 0; i < n; i += (size_t)stride) {
    avro_value_t item;
    float v = 0;
    avro_value_get_by_index(array, i, &item, NULL);
    avro_value_get_float(&item, &v);
    printf("%s%.4f", printed++ ? ", " : "", diagonal_of ? sqrt(v > 0 ? v : 0) : v);
  }
  printf("]");
}

static void describe(avro_value_t *p) {
  avro_value_t f, mean, cov, modes;
  const char *camera = NULL;
  size_t len;
  int64_t sequence = 0;
  int32_t dim = 1;
  double ess = 0;
  avro_value_get_by_name(p, "cameraId", &f, NULL);
  avro_value_get_string(&f, &camera, &len);
  avro_value_get_by_name(p, "sequence", &f, NULL);
  avro_value_get_long(&f, &sequence);
  avro_value_get_by_name(p, "targetDim", &f, NULL);
  avro_value_get_int(&f, &dim);
  avro_value_get_by_name(p, "effectiveSampleSize", &f, NULL);
  avro_value_get_double(&f, &ess);
  avro_value_get_by_name(p, "mean", &mean, NULL);
  avro_value_get_by_name(p, "covariance", &cov, NULL);
  printf("%s #%" PRId64 " mean=", camera, sequence);
  print_floats(&mean, 1, 0);
  printf(" sigma=");
  print_floats(&cov, dim + 1, 1); /* the diagonal of the D x D row-major covariance */
  size_t count = 0;
  int has_modes = avro_value_get_by_name(p, "modes", &modes, NULL) == 0; /* absent in version 1 */
  if (has_modes) avro_value_get_size(&modes, &count);
  printf(" ess=%.1f modes=%zu", ess, count);
  for (size_t i = 0; i < count; i++) {
    avro_value_t mode, weight, mode_mean;
    double w = 0;
    avro_value_get_by_index(&modes, i, &mode, NULL);
    avro_value_get_by_name(&mode, "weight", &weight, NULL);
    avro_value_get_double(&weight, &w);
    avro_value_get_by_name(&mode, "mean", &mode_mean, NULL);
    printf(" [w=%.2f mean=", w);
    print_floats(&mode_mean, 1, 0);
    printf("]");
  }
  /* version 3: the trust verdict, a union of null and boolean (null: the bundle has no thresholds) */
  avro_value_t trusted, branch;
  int discriminant = 0;
  if (avro_value_get_by_name(p, "trusted", &trusted, NULL) == 0
      && avro_value_get_discriminant(&trusted, &discriminant) == 0 && discriminant == 1
      && avro_value_get_current_branch(&trusted, &branch) == 0) {
    int yes = 0;
    avro_value_get_boolean(&branch, &yes);
    printf(" trusted=%s", yes ? "yes" : "NO");
  }
  /* version 4: the targets' names and units from the model's manifest, and the capture clock */
  avro_value_t names, units, clock;
  size_t n_names = 0, n_units = 0;
  if (avro_value_get_by_name(p, "targetNames", &names, NULL) == 0 && avro_value_get_size(&names, &n_names) == 0
      && n_names > 0) {
    if (avro_value_get_by_name(p, "targetUnits", &units, NULL) != 0 || avro_value_get_size(&units, &n_units) != 0)
      n_units = 0;
    printf(" targets=");
    for (size_t i = 0; i < n_names; i++) {
      avro_value_t item;
      const char *text = NULL;
      size_t text_len = 0;
      avro_value_get_by_index(&names, i, &item, NULL);
      avro_value_get_string(&item, &text, &text_len);
      printf("%s%s", i ? "," : "", text);
      if (i < n_units) {
        avro_value_get_by_index(&units, i, &item, NULL);
        avro_value_get_string(&item, &text, &text_len);
        if (text_len > 1) printf("[%s]", text); /* text_len counts the terminating NUL */
      }
    }
    const char *c = "read";
    if (avro_value_get_by_name(p, "captureClock", &clock, NULL) == 0) avro_value_get_string(&clock, &c, &len);
    printf(" clock=%s", c);
  }
  printf("\n");
  fflush(stdout);
}

/* Decodes one record value; 0 when printed. */
static int decode(const char *value, size_t len, int *registry_framed) {
  known_schema *k = NULL;
  size_t header;
  if (len >= 10 && (uint8_t)value[0] == 0xC3 && (uint8_t)value[1] == 0x01) {
    uint64_t fp = 0;
    for (int i = 7; i >= 0; i--) fp = (fp << 8) | (uint8_t)value[2 + i]; /* little-endian */
    for (int i = 0; i < known_count; i++)
      if (known[i].id < 0 && known[i].fingerprint == fp) k = &known[i];
    if (!k) {
      fprintf(stderr, "unknown writer schema fingerprint %016" PRIx64 " (pass its .avsc with --schema)\n", fp);
      return -1;
    }
    header = 10;
    *registry_framed = 0;
  } else if (len >= 5 && value[0] == 0) {
    int id = ((uint8_t)value[1] << 24) | ((uint8_t)value[2] << 16) | ((uint8_t)value[3] << 8) | (uint8_t)value[4];
    if (!(k = registry_schema(id))) return -1;
    header = 5;
    *registry_framed = 1;
  } else {
    fprintf(stderr, "neither framing: first byte %02x\n", (uint8_t)value[0]);
    return -1;
  }
  avro_value_t record;
  avro_generic_value_new(k->iface, &record);
  avro_reader_t reader = avro_reader_memory(value + header, (int64_t)(len - header));
  int rc = avro_value_read(reader, &record);
  if (rc == 0) describe(&record);
  else fprintf(stderr, "corrupt record: %s\n", avro_strerror());
  avro_reader_free(reader);
  avro_value_decref(&record);
  return rc;
}

int main(int argc, char **argv) {
  const char *bootstrap = "localhost:9092", *topic = "ebm.predictions";
  const char *schemas[MAX_SCHEMAS];
  int schema_count = 0;
  long count = 0;
  double idle = 30;
  static struct option options[] = {{"bootstrap", required_argument, 0, 'b'}, {"topic", required_argument, 0, 't'},
                                    {"registry", required_argument, 0, 'r'},  {"schema", required_argument, 0, 's'},
                                    {"count", required_argument, 0, 'c'},     {"idle", required_argument, 0, 'i'},
                                    {"help", no_argument, 0, 'h'},            {0, 0, 0, 0}};
  int opt;
  while ((opt = getopt_long(argc, argv, "b:t:r:s:c:i:h", options, NULL)) != -1) {
    switch (opt) {
      case 'b': bootstrap = optarg; break;
      case 't': topic = optarg; break;
      case 'r': registry_url = optarg; break;
      case 's': if (schema_count < MAX_SCHEMAS) schemas[schema_count++] = optarg; break;
      case 'c': count = atol(optarg); break;
      case 'i': idle = atof(optarg); break;
      default:
        fprintf(stderr, "usage: %s [--bootstrap HOST:PORT] [--topic T] [--registry URL] [--schema FILE.avsc]...\n"
                        "          [--count N] [--idle SECONDS]\n"
                        "Prints mean, sigma and modes of each prediction (read_committed), in either framing.\n",
                argv[0]);
        return opt == 'h' ? 0 : 2;
    }
  }
  if (schema_count == 0) {
    schemas[schema_count++] = "../../schemas/src/main/avro/Prediction.avsc";
    schemas[schema_count++] = "../../schemas/src/main/resources/io/ebmperception/schemas/history/Prediction-v1.avsc";
    schemas[schema_count++] = "../../schemas/src/main/resources/io/ebmperception/schemas/history/Prediction-v3.avsc";
  }
  for (int i = 0; i < schema_count; i++)
    if (load_shipped(schemas[i])) return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);

  char err[512], group[64];
  snprintf(group, sizeof group, "ebm-c-subscriber-%ld", (long)time(NULL));
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) ||
      rd_kafka_conf_set(conf, "group.id", group, err, sizeof err) ||
      rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof err) ||
      rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err) ||
      rd_kafka_conf_set(conf, "isolation.level", "read_committed", err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    return 2;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) {
    fprintf(stderr, "%s\n", err);
    return 2;
  }
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);

  long decoded = 0, failed = 0, registry_framed = 0;
  time_t last = time(NULL);
  while ((count == 0 || decoded < count) && difftime(time(NULL), last) < idle) {
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 500);
    if (!m) continue;
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) fprintf(stderr, "kafka: %s\n", rd_kafka_message_errstr(m));
    } else {
      int framed = 0;
      last = time(NULL);
      if (decode(m->payload, m->len, &framed) == 0) {
        decoded++;
        registry_framed += framed;
      } else {
        failed++;
      }
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  fprintf(stderr, "decoded %ld predictions (single-object: %ld, registry: %ld), %ld undecodable\n", decoded,
          decoded - registry_framed, registry_framed, failed);
  return failed == 0 && (count == 0 || decoded >= count) ? 0 : 1;
}
