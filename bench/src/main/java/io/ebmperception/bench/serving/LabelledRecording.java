package io.ebmperception.bench.serving;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.Frame;
import io.ebmperception.stream.inference.ModelBundle;
import io.ebmperception.stream.replay.LabelTable;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the benchmarks that score a bundle on a labelled recording ({@code bench-samples},
 * {@code bench-modes}): the bundle, the recording and its labels, how many frames, how many ONNX
 * threads; and the recording turned into the Avro frames a camera would publish.
 */
final class LabelledRecording {
  @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle to serve.")
  Path bundle;

  @Option(names = "--video", required = true, paramLabel = "VIDEO|FOLDER", description = "A recording.")
  Path video;

  @Option(names = "--labels", required = true, paramLabel = "CSV", description = "Its labels: frame index, then D values.")
  Path labels;

  @Option(names = "--frames", defaultValue = "300", description = "Frames per measurement. Default: ${DEFAULT-VALUE}.")
  int frames;

  @Option(names = "--onnx-threads", defaultValue = "1", description = "Intra-op threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  /** The first {@code --frames} frames of the recording, labelled, for the bundle's task. */
  List<byte[]> frames(AvroSerde<Frame> serde) {
    List<byte[]> values = BenchFrames.encode(video, frames, ModelBundle.load(bundle).manifest().task(),
        LabelTable.read(labels), serde);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(video + " has no frames");
    }
    return values;
  }
}
