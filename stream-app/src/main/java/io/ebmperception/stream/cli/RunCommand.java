package io.ebmperception.stream.cli;

import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.stream.StreamApp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stream-app run}: serve a bundle until stopped (SIGTERM / Ctrl-C shut down gracefully). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Serves a model bundle: reads frames, writes predictions and dead letters, exposes "
        + "/health/live, /health/ready and /metrics. Reloads the bundle when its version changes.")
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Model bundle folder.")
  Path bundle;

  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    StreamApp app = StreamApp.start(AppConfig.from(config), bundle);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "ebm-shutdown"));
    var out = spec.commandLine().getOut();
    out.printf("serving; frames on %s, predictions on %s%n", app.topics().frames(), app.topics().predictions());
    out.printf("read predictions (decoded): /usr/bin/python3 examples/python/subscriber.py --bootstrap %s --topic %s"
        + "  (raw Avro with kcat and avro-tools: docs/topics.md)%n", app.bootstrapServers(), app.topics().predictions());
    out.flush();
    stopped.await();
    return 0;
  }
}
