package io.ebmperception.stream.cli;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.schemas.AvroDecodingException;
import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.recording.DatasetRecorder;
import io.ebmperception.stream.recording.TopicReader;
import io.ebmperception.stream.recording.UncertainFrames;
import io.ebmperception.stream.recording.UncertaintyFilter;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import io.ebmperception.stream.vision.FrameDecoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stream-app record}: the first step of the retraining loop. Consumes the frames topic (the
 * labels travel in the frames) into a dataset the trainer reads, optionally only the frames whose
 * predictions were uncertain, joined by camera and sequence with the predictions topic.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    header = "Record labelled frames from Kafka as a training set (image folder + CSV).",
    description = {
      "Reads the frames topic from its beginning (read_committed) until it has been idle for",
      "--idle-seconds and writes <output>/images/ and <output>/<task>.csv (file, target columns,",
      "camera, sequence, reason), which `train --data <output>/<task>.csv` reads. With",
      "--only-uncertain it also reads the predictions topic and keeps only frames whose prediction",
      "was uncertain: ESS / M below --ess-below, a σ above --sigma-above, or two modes or more.",
      "Every frame not recorded is counted under its reason in the summary."
    })
final class RecordCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder of the dataset (created).")
  Path output;

  @Option(names = "--only-uncertain", description = "Only frames whose predictions were uncertain.")
  boolean onlyUncertain;

  @Option(names = "--ess-below", defaultValue = "0.1", paramLabel = "FRACTION",
      description = "With --only-uncertain: ESS / M below this is uncertain (0: off). Default: ${DEFAULT-VALUE}.")
  double essBelow;

  @Option(names = "--sigma-above", paramLabel = "S",
      description = "With --only-uncertain: a σ above S (target units) in some dimension is uncertain. Default: off.")
  Double sigmaAbove;

  @Option(names = "--multi-modal", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "With --only-uncertain: two or more modes is uncertain. Default: on.")
  boolean multiModal;

  @Option(names = "--camera", description = "Only this camera's frames.")
  String camera;

  @Option(names = "--bundle", paramLabel = "DIR",
      description = "The served bundle: its task and target names name the dataset's columns.")
  Path bundle;

  @Option(names = "--target-names", split = ",", paramLabel = "NAME",
      description = "Names of the label's values (CSV columns). Default: the bundle's, else y0, y1, ...")
  List<String> targetNames;

  @Option(names = "--idle-seconds", defaultValue = "5", description = "Stop after this long without records. Default: ${DEFAULT-VALUE}.")
  int idle;

  @Mixin
  ConfigOptions config;

  /** The bundle's manifest, read once when {@code --bundle} is given. */
  private Manifest manifest;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AppConfig cfg = AppConfig.from(config);
    manifest = bundle == null ? null : ModelBundle.load(bundle).manifest();
    String bootstrap = cfg.clientBootstrap();
    WireFormat wire = cfg.wireFormat().checked();
    UncertainFrames uncertain = onlyUncertain ? uncertainFrames(cfg, bootstrap, wire, out) : null;
    AvroSerde<Frame> frames = AvroSerde.frames(wire);
    FrameDecoder decoder = new FrameDecoder(cfg.frameLimits());
    Map<String, Integer> skipped = new LinkedHashMap<>();
    DatasetRecorder[] recorder = {null};
    String topic = cfg.get(SharedSettings.FRAMES_TOPIC);
    long read = new TopicReader<>(bootstrap, cfg.kafkaClientSettings(), new ByteArrayDeserializer())
        .forEach(topic, 0, Duration.ofSeconds(idle), value -> {
          Frame frame;
          try {
            frame = value == null ? null : frames.deserialize(topic, value);
          } catch (AvroDecodingException e) {
            skipped.merge("that could not be decoded (" + e.reason() + ")", 1, Integer::sum);
            return;
          }
          if (frame == null) {
            skipped.merge("without a value (tombstones)", 1, Integer::sum);
            return;
          }
          if (camera != null && !camera.equals(frame.getCameraId())) {
            skipped.merge("of other cameras", 1, Integer::sum);
            return;
          }
          String reason = "";
          if (uncertain != null) {
            List<String> why = uncertain.reasons(frame.getCameraId(), frame.getSequence()).orElse(null);
            if (why == null) {
              skipped.merge("without a prediction on the predictions topic", 1, Integer::sum);
              return;
            }
            if (why.isEmpty()) {
              skipped.merge("whose prediction was certain", 1, Integer::sum);
              return;
            }
            reason = String.join("; ", why);
          }
          if (recorder[0] == null) {
            if (frame.getLabel() == null) {
              skipped.merge(DatasetRecorder.Skip.NO_LABEL.toString(), 1, Integer::sum);
              return;
            }
            recorder[0] = new DatasetRecorder(output, task(frame), names(frame.getLabel().size()),
                f -> decoder.decode(f).toBufferedImage());
          }
          DatasetRecorder.Skip skip = recorder[0].write(frame, reason);
          if (skip != null) {
            skipped.merge(skip.toString(), 1, Integer::sum);
          }
        });
    if (recorder[0] != null) {
      recorder[0].close();
    }
    out.printf("read %d frames from %s at %s%n", read, topic, bootstrap);
    skipped.forEach((why, n) -> out.printf("  not recorded: %d %s%n", n, why));
    if (recorder[0] == null || recorder[0].written() == 0) {
      throw new IllegalArgumentException("no frame was recorded"
          + (read == 0 ? ": the topic " + topic + " is empty or unreachable" : "; see the counts above"));
    }
    out.printf("recorded %d frames: %s%n", recorder[0].written(), recorder[0].csvFile());
    out.printf("train on them: ./ebm train --data %s --y-columns %s --init-from <run> --init-parts all%n",
        recorder[0].csvFile(), String.join(",", recorder[0].names()));
    return 0;
  }

  /** The predictions topic, each frame's prediction judged by the filter of the flags. */
  private UncertainFrames uncertainFrames(AppConfig cfg, String bootstrap, WireFormat wire, PrintWriter out) {
    UncertaintyFilter filter = new UncertaintyFilter(essBelow, sigmaAbove == null ? Double.NaN : sigmaAbove,
        multiModal);
    String topic = cfg.get(Settings.PREDICTIONS_TOPIC);
    UncertainFrames frames = UncertainFrames.read(bootstrap, cfg.kafkaClientSettings(), topic, Duration.ofSeconds(idle),
        wire, filter);
    out.printf("read %d predictions from %s: %d uncertain (%s)%n", frames.predictions(), topic, frames.uncertain(),
        filter.describe());
    return frames;
  }

  private String task(Frame frame) {
    return manifest != null ? manifest.task() : frame.getTask();
  }

  private List<String> names(int d) {
    if (targetNames != null) {
      return targetNames;
    }
    if (manifest != null) {
      return manifest.target().names();
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      out.add("y" + k);
    }
    return out;
  }
}
