package io.ebmperception.bench.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndToEndBenchTest {
  private final EndToEndBench bench = new EndToEndBench(List.of(), List.of(Path.of("bundle")), AppConfig.defaults(), 4);

  @Test
  void configurationsAreSettingsOverTheDefaults() {
    AppConfig c = bench.config("stream.threads=6, batch.max=4", Path.of("/tmp/x"));
    assertEquals(6, c.get(Settings.STREAM_THREADS));
    assertEquals(4, c.get(Settings.BATCH_MAX));
    assertEquals(AppConfig.defaults().get(Settings.PARTITIONS), c.get(Settings.PARTITIONS));
    assertEquals(AppConfig.defaults().get(Settings.STREAM_THREADS),
        bench.config("default", Path.of("/tmp/x")).get(Settings.STREAM_THREADS));
  }

  @Test
  void aMalformedOrUnknownSettingIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> bench.config("stream.threads", Path.of("/tmp/x")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bench.config("stream.thread=2", Path.of("/tmp/x")));
    assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
  }

  @Test
  void percentilesOfSortedValues() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(6, EndToEndBench.pct(v, 0.5));
    assertEquals(10, EndToEndBench.pct(v, 0.99));
    assertTrue(Double.isNaN(EndToEndBench.pct(new double[0], 0.5)));
  }

  @Test
  void threadsAreGroupedByRole() {
    assertEquals("stream threads", CpuShares.role("app-1f-StreamThread-2"));
    assertEquals("stream producer I/O", CpuShares.role("kafka-producer-network-thread | app-1f-StreamThread-2-producer"));
    assertEquals("batcher (ONNX calls)", CpuShares.role("ebm-batcher"));
    assertEquals("broker", CpuShares.role("data-plane-kafka-request-handler-3"));
    assertEquals("other", CpuShares.role(null));
  }
}
