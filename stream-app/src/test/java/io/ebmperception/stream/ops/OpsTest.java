package io.ebmperception.stream.ops;

import io.ebmperception.ingest.IngestSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsTest {

  @Test
  void configLayersFileEnvironmentAndOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "batch.max=4\nsamples=512\nkafka.security.protocol=SSL\n");
    AppConfig config = AppConfig.load(file, Map.of("EBM_SAMPLES", "256", "HOME", "/x"), Map.of("hypotheses", "7"));
    assertThat(config.get(Settings.BATCH_MAX)).isEqualTo(4);
    assertThat(config.get(Settings.SAMPLES)).isEqualTo(256);
    assertThat(config.get(Settings.HYPOTHESES)).isEqualTo(7);
    assertThat(config.get(Settings.STREAM_THREADS)).isEqualTo(2);
    assertThat(config.kafkaClientSettings()).containsEntry("security.protocol", "SSL");
    assertThat(config.bootstrapServers()).isEmpty();
    assertThatThrownBy(() -> config.with("samples", "many"))
        .hasMessage("setting samples must be an integer, got 'many'");
    assertThatThrownBy(() -> AppConfig.load(dir.resolve("missing"), Map.of(), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void badSettingsEndInOneLineBeforeAnythingStarts() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("sampels", "10")))
        .hasMessageStartingWith("unknown setting 'sampels' (did you mean 'samples'?); settings: ")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("stream.threads", "abc")))
        .hasMessage("setting stream.threads must be an integer, got 'abc'");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("stream.threads", "0")))
        .hasMessage("setting stream.threads must be between 1 and 1024, got 0");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("execution.provider", "tpu")))
        .hasMessage("setting execution.provider must be one of cpu, cuda, got 'tpu'");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("modes.bandwidth", "wide")))
        .hasMessage("setting modes.bandwidth must be a number, got 'wide'");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("hypotheses", "5000")))
        .hasMessageContaining("must not exceed samples");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("kafka.", "x")))
        .hasMessageStartingWith("unknown setting 'kafka.'");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("completely.different.key", "x")))
        .hasMessageNotContaining("did you mean");
    // The launcher's own variables are not settings and are not errors.
    assertThat(AppConfig.load(null, Map.of("EBM_JAVA_OPTS", "-Xmx1g", "EBM_DEMO_DIR", "/tmp/x"), Map.of())
        .get(Settings.SAMPLES)).isEqualTo(1024);
  }

  @Test
  void credentialsAreNeverPrinted() {
    AppConfig cfg = AppConfig.defaults().with("schema.registry.basic.auth.user.info", "robot:hunter2")
        .with("kafka.sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";");
    assertThat(cfg.toString()).doesNotContain("hunter2").contains("schema.registry.basic.auth.user.info=****");
    assertThat(cfg.find(io.ebmperception.runtime.config.SharedSettings.SCHEMA_REGISTRY_USER_INFO)).contains("robot:hunter2");
  }

  @Test
  void servingSettingsAreTyped() {
    ServingConfig serving = AppConfig.load(null, Map.of(), Map.of("batch.wait.ms", "7",
        "execution.provider", "cuda", "kafka.security.protocol", "SSL")).serving();
    assertThat(serving.batching().batchWait()).isEqualTo(java.time.Duration.ofMillis(7));
    assertThat(serving.onnx().provider()).isEqualTo(io.ebmperception.stream.inference.ExecutionProvider.CUDA);
    assertThat(serving.topics().deadLetters()).isEqualTo("ebm.dead-letters");
    assertThat(serving.frameLimits().maxBytes()).isEqualTo(8 << 20);
    assertThat(serving.sampling().modes().maxModes()).isEqualTo(4);
    assertThat(serving.batching().batcherWait()).as("partition buffers are awaited whole").isEqualTo(java.time.Duration.ofMillis(20));
    assertThat(AppConfig.load(null, Map.of(), Map.of("partition.batching", "false", "batch.wait.ms", "7")).serving()
        .batching().batcherWait()).isEqualTo(java.time.Duration.ofMillis(7));
    assertThat(AppConfig.load(null, Map.of(), Map.of("modes.max", "0")).serving().sampling().modes().enabled()).isFalse();
    assertThat(AppConfig.load(null, Map.of(), Map.of("modes.bandwidth", "0.5")).serving().sampling().modes().bandwidth())
        .isEqualTo(0.5);
    assertThat(serving.kafka().bootstrapServers()).isEmpty();
    serving.kafka().clientSettings().put("security.protocol", "PLAINTEXT"); // a copy
    assertThat(serving.kafka().clientSettings()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void exactlyOneModelVersionIsServingPerTaskAfterReloadsAndFailuresAreCountedPerTask() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry);
    metrics.modelServing("steering", "steering-net", "v1");
    metrics.modelServing("headpose", "heads-net", "h1");
    metrics.modelServing("steering", "steering-net", "v2");
    metrics.reloadFailed("headpose");
    System.gc(); // the gauge must not depend on objects only weakly held
    String scrape = registry.scrape();
    assertThat(scrape).contains("ebm_model_info{name=\"steering-net\",task=\"steering\",version=\"v2\"} 1",
        "ebm_model_info{name=\"heads-net\",task=\"headpose\",version=\"h1\"} 1",
        "ebm_model_reload_failures_total{task=\"headpose\"} 1.0",
        "ebm_frames_predicted_total{task=\"steering\"} 0.0", "ebm_frames_predicted_total{task=\"headpose\"} 0.0")
        .doesNotContain("version=\"v1\"");
    metrics.modelServing("steering", "steering-net", "v1"); // rolled back
    assertThat(registry.scrape()).contains("ebm_model_info{name=\"steering-net\",task=\"steering\",version=\"v1\"} 1",
        "version=\"h1\"").doesNotContain("version=\"v2\"");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAppReadsTheCameraReaderSettingsFromIngestsDeclarations() { // its demo reads a live camera
    var defaults = IngestSettings.cameraOptions(AppConfig.load(null, Map.of(), Map.of()).config());
    assertThat(defaults).isEqualTo(io.ebmperception.ingest.CameraStream.Options.DEFAULT);
    var set = IngestSettings.cameraOptions(AppConfig.load(null, Map.of("EBM_INGEST_QUEUE", "16"),
        Map.of("ingest.max.backoff.s", "7")).config());
    assertThat(set.queueCapacity()).isEqualTo(16);
    assertThat(set.maxBackoff()).isEqualTo(java.time.Duration.ofSeconds(7));
    assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("ingest.queue", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ingest.queue");
  }
}
