package io.ebmperception.stream.cli;

import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.stream.StreamApp;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stream-app run}: serve one bundle, or one per task, until stopped (SIGTERM / Ctrl-C shut
 * down gracefully).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Serves model bundles: reads frames, routes each to the model of its task, writes predictions "
        + "and dead letters, exposes /health/live, /health/ready and /metrics. Reloads each bundle when its version "
        + "changes.")
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Model bundle folder; repeat it to "
      + "serve several tasks in one deployment (one bundle per task, e.g. --bundle runs/steering/bundle --bundle "
      + "runs/headpose/bundle): each frame is predicted by the model of its task, a frame of a task with no model is a "
      + "WRONG_TASK dead letter.")
  List<Path> bundles;

  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    StreamApp app = StreamApp.start(AppConfig.from(config), bundles);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "ebm-shutdown"));
    var out = spec.commandLine().getOut();
    out.printf("serving task(s) %s; frames on %s, predictions on %s%n", String.join(", ", app.models().tasks()),
        app.topics().frames(), app.topics().predictions());
    out.printf("read predictions (decoded): /usr/bin/python3 examples/python/subscriber.py --bootstrap %s --topic %s"
        + "  (raw Avro with kcat and avro-tools: docs/topics.md)%n", app.bootstrapServers(), app.topics().predictions());
    out.flush();
    stopped.await();
    return 0;
  }
}
