package io.ebmperception.stream.recording;

import io.ebmperception.schemas.AvroSerde;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.Prediction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The join behind {@code record --only-uncertain}: every prediction on the predictions topic, by
 * its frame's (camera, sequence), with the reasons the {@link UncertaintyFilter} finds it uncertain
 * (none: it was certain). The frames topic is then read against it.
 */
public final class UncertainFrames {
  private final Map<String, List<String>> reasons;
  private final long read;

  private UncertainFrames(Map<String, List<String>> reasons, long read) {
    this.reasons = reasons;
    this.read = read;
  }

  /** Reads {@code topic} until it is idle for {@code idle}. */
  public static UncertainFrames read(String bootstrap, Properties clientSettings, String topic, Duration idle,
      WireFormat wire, UncertaintyFilter filter) {
    Map<String, List<String>> reasons = new HashMap<>();
    long n = new TopicReader<>(bootstrap, clientSettings, AvroSerde.predictions(wire))
        .forEach(topic, 0, idle, (Prediction p) -> {
          if (p != null) {
            reasons.put(key(p.getCameraId(), p.getSequence()), filter.reasons(p));
          }
        });
    return new UncertainFrames(reasons, n);
  }

  /**
   * Why the frame's prediction was uncertain (an empty list: it was certain), or empty when the
   * frame has no prediction on the topic.
   */
  public Optional<List<String>> reasons(String cameraId, long sequence) {
    return Optional.ofNullable(reasons.get(key(cameraId, sequence)));
  }

  /** Predictions read. */
  public long predictions() {
    return read;
  }

  /** Predictions found uncertain. */
  public long uncertain() {
    return reasons.values().stream().filter(r -> !r.isEmpty()).count();
  }

  private static String key(String cameraId, long sequence) {
    return cameraId + "\u0000" + sequence;
  }
}
