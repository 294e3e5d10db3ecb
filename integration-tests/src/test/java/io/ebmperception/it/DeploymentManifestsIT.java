package io.ebmperception.it;

import io.ebmperception.ingest.IngestSettings;
import io.ebmperception.runtime.config.Setting;
import io.ebmperception.runtime.config.SharedSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (k8s/ and docker/) keep the invariants the app relies on: probes on the
 * app's real endpoints and port, selectors that match, autoscaling bounded by partitions, non-root
 * and read-only containers with resources, images whose entrypoint jars the build produces.
 * Manifests are parsed into fabric8's Kubernetes model (custom resources as plain trees).
 */
class DeploymentManifestsIT {
  private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final List<JsonNode> BASE = new ArrayList<>();

  @BeforeAll
  static void parse() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("k8s/base"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (!f.getFileName().toString().equals("kustomization.yaml")) {
          BASE.addAll(documents(f));
        }
      }
    }
  }

  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isEmpty()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  static JsonNode one(String kind, String name) {
    return BASE.stream().filter(n -> kind.equals(n.path("kind").asText())
        && name.equals(n.path("metadata").path("name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/base"));
  }

  static <T> T as(JsonNode node, Class<T> type) {
    return JSON.convertValue(node, type);
  }

  static Properties appProperties(ConfigMap map) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(map.getData().get("app.properties")));
    return p;
  }

  @Test
  void kustomizationListsEveryBaseFile() throws IOException {
    JsonNode k = YAML.readTree(ROOT.resolve("k8s/base/kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> files = Files.list(ROOT.resolve("k8s/base"))) {
      assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
    }
  }

  @Test
  void probesPointAtTheAppsEndpointsOnItsConfiguredPort() throws IOException {
    Deployment d = as(one("Deployment", "ebm-stream-app"), Deployment.class);
    Properties props = appProperties(as(one("ConfigMap", "ebm-stream-app"), ConfigMap.class));
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    int port = Integer.parseInt(props.getProperty("http.port"));
    assertThat(c.getPorts()).anySatisfy(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(port);
    });
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    // The paths are the ones the app serves (see HealthServer and OpsTest).
    assertThat(Files.readString(ROOT.resolve("runtime/src/main/java/io/ebmperception/runtime/http/HealthServer.java")))
        .contains("\"/health/live\"", "\"/health/ready\"", "\"/metrics\"");
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/port", String.valueOf(port));
    // Every key of the ConfigMap is a setting the app knows (a typo would be silently ignored).
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith(SharedSettings.KAFKA_PREFIX)) {
        assertThat(keys(Settings.ALL)).as("unknown app setting %s in the ConfigMap", key).contains(key);
      }
    }
  }

  @Test
  void theIngestGroupRunsTheIngestCommandOnceWithDeclaredSettingsAndProbes() throws IOException {
    Deployment d = as(one("Deployment", "ebm-ingest-group-a"), Deployment.class);
    assertThat(d.getSpec().getReplicas()).as("two replicas would publish every frame twice").isEqualTo(1);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).as("the camera edge's own image, without ONNX Runtime").startsWith("ebm-perception/ingest:");
    assertThat(c.getArgs()).contains("--camera").doesNotContain("ingest");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    ConfigMap map = as(one("ConfigMap", "ebm-ingest"), ConfigMap.class);
    Properties props = new Properties();
    props.load(new StringReader(map.getData().get("ingest.properties")));
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith(SharedSettings.KAFKA_PREFIX)) {
        assertThat(keys(IngestSettings.ALL)).as("unknown ingest setting %s in the ingest ConfigMap", key).contains(key);
      }
    }
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(Integer.parseInt(props.getProperty("http.port")));
  }

  private static List<String> keys(List<Setting<?>> table) {
    return table.stream().map(Setting::key).toList();
  }

  @Test
  void labelsAndSelectorsAgree() {
    Deployment d = as(one("Deployment", "ebm-stream-app"), Deployment.class);
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(as(one("Service", "ebm-stream-app"), Service.class).getSpec().getSelector());
    assertThat(podLabels).containsAllEntriesOf(
        as(one("PodDisruptionBudget", "ebm-stream-app"), PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(
        as(one("NetworkPolicy", "ebm-stream-app"), NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels());
    assertThat(one("ScaledObject", "ebm-stream-app").path("spec").path("scaleTargetRef").path("name").asText())
        .isEqualTo(d.getMetadata().getName());
  }

  @Test
  void autoscalingIsBoundedByPartitionsAndMatchesTheTopics() throws IOException {
    Properties props = appProperties(as(one("ConfigMap", "ebm-stream-app"), ConfigMap.class));
    JsonNode scaled = one("ScaledObject", "ebm-stream-app").path("spec");
    JsonNode trigger = scaled.path("triggers").get(0).path("metadata");
    String framesTopic = props.getProperty("topics.frames");
    assertThat(trigger.path("topic").asText()).isEqualTo(framesTopic);
    assertThat(trigger.path("consumerGroup").asText()).isEqualTo(props.getProperty("application.id"));
    int partitions = one("KafkaTopic", framesTopic).path("spec").path("partitions").asInt();
    int threads = Integer.parseInt(props.getProperty("stream.threads"));
    assertThat(scaled.path("maxReplicaCount").asInt() * threads).isLessThanOrEqualTo(partitions);
    assertThat(scaled.path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(
        as(one("PodDisruptionBudget", "ebm-stream-app"), PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal());
    for (String topic : List.of("topics.frames", "topics.predictions", "topics.dead-letters")) {
      assertThat(one("KafkaTopic", props.getProperty(topic)).path("spec").path("replicas").asInt())
          .isEqualTo(Integer.parseInt(props.getProperty("topics.replication")));
    }
    assertThat(Integer.parseInt(props.getProperty("topics.partitions"))).isEqualTo(partitions);
  }

  @Test
  void containersAreNonRootReadOnlyAndSized() {
    for (PodSpec pod : List.of(
        as(one("Deployment", "ebm-stream-app"), Deployment.class).getSpec().getTemplate().getSpec(),
        as(one("Job", "ebm-trainer"), Job.class).getSpec().getTemplate().getSpec(),
        as(one("Deployment", "ebm-ingest-group-a"), Deployment.class).getSpec().getTemplate().getSpec())) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      for (Container c : pod.getContainers()) {
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      }
    }
  }

  @Test
  void gpuOverlayRequestsAGpuAndSelectsCuda() throws IOException {
    Path gpu = ROOT.resolve("k8s/overlays/gpu");
    Deployment patch = as(documents(gpu.resolve("deployment-gpu.yaml")).get(0), Deployment.class);
    Container c = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(appProperties(as(documents(gpu.resolve("configmap-gpu.yaml")).get(0), ConfigMap.class))
        .getProperty("execution.provider")).isEqualTo("cuda");
    JsonNode k = YAML.readTree(gpu.resolve("kustomization.yaml").toFile());
    assertThat(k.path("images").get(0).path("newTag").asText()).endsWith("cuda");
    assertThat(YAML.readTree(ROOT.resolve("k8s/overlays/cpu/kustomization.yaml").toFile()).path("resources").get(0).asText())
        .isEqualTo("../../base");
  }

  @Test
  void dockerfilesRunAsNonRootExposeTheAppPortAndStartJarsTheBuildMakes() throws IOException {
    String trainerPom = Files.readString(ROOT.resolve("trainer/pom.xml"));
    String appPom = Files.readString(ROOT.resolve("stream-app/pom.xml"));
    Pattern finalName = Pattern.compile("<finalName>([^<]+)</finalName>");
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> modulePoms = new java.util.ArrayList<>();
    while (modules.find()) {
      modulePoms.add("COPY " + modules.group(1) + "/pom.xml " + modules.group(1) + "/");
    }
    assertThat(modulePoms).hasSizeGreaterThanOrEqualTo(6);
    String ingestPom = Files.readString(ROOT.resolve("ingest/pom.xml"));
    for (String file : List.of("trainer.Dockerfile", "stream-app.Dockerfile", "stream-app-cuda.Dockerfile",
        "ingest.Dockerfile")) {
      String text = Files.readString(ROOT.resolve("docker").resolve(file));
      // the reactor is resolved offline from the poms alone: every module's pom must be there
      assertThat(text).as(file + " copies every module's pom before dependency:go-offline")
          .contains(modulePoms.toArray(String[]::new));
      boolean trainer = file.startsWith("trainer");
      String module = trainer ? "trainer" : file.startsWith("ingest") ? "ingest" : "stream-app";
      Matcher m = finalName.matcher(trainer ? trainerPom : module.equals("ingest") ? ingestPom : appPom);
      assertThat(m.find()).isTrue();
      String jar = "/app/" + m.group(1) + ".jar";
      assertThat(text).as(file).contains("USER ebm", "--uid ${UID}", "ARG UID=10001")
          .contains("ENTRYPOINT [\"java\", \"-jar\", \"" + jar + "\"]")
          .contains("/src/" + module + "/target/" + m.group(1) + ".jar");
      assertThat(text.lines().filter(l -> l.startsWith("FROM ")).count()).as(file + " is multi-stage").isEqualTo(2);
      if (!trainer) {
        assertThat(text).contains("EXPOSE " + AppConfig.defaults().get(SharedSettings.HTTP_PORT), "HEALTHCHECK",
            "/health/ready", "io.ebmperception.runtime.http.HealthCheck");
        assertThat(Files.exists(ROOT.resolve("runtime/src/main/java/io/ebmperception/runtime/http/HealthCheck.java"))).isTrue();
      }
    }
    assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target/");
    JsonNode compose = YAML.readTree(ROOT.resolve("docker/compose.yaml").toFile()).path("services");
    assertThat(compose.has("kafka-1") && compose.has("kafka-2") && compose.has("kafka-3")).isTrue();
    assertThat(compose.path("stream-app").path("read_only").asBoolean()).isTrue();
    assertThat(compose.path("ingest").path("image").asText()).startsWith("ebm-perception/ingest:");
    assertThat(compose.path("kafka-1").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
  }

  @Test
  void yamllintIsClean() throws IOException, InterruptedException {
    boolean present = Files.isExecutable(Path.of("/usr/bin/yamllint"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("yamllint must be installed in CI (.ci/run installs it)");
    }
    assumeThat(present).as("yamllint is not installed (apt-get install yamllint)").isTrue();
    Process p = new ProcessBuilder("yamllint", "-s", "k8s", "docker", ".yamllint").directory(ROOT.toFile())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
  }
}
