package io.ebmperception.trainer.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a model came from: the code's git commit and the versions of the libraries that trained it. */
public final class Provenance {
  private Provenance() {}

  /** The commit of the working directory's repository, or {@code unknown} outside one. */
  public static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return "unknown";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return out.matches("[0-9a-f]{40}") ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Library name → version. */
  public static Map<String, String> libraries() {
    Map<String, String> libs = new LinkedHashMap<>();
    libs.put("djl", Engine.getDjlVersion());
    libs.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    libs.put("onnx", "ir 8, opset 13");
    libs.put("java", System.getProperty("java.version"));
    return libs;
  }
}
