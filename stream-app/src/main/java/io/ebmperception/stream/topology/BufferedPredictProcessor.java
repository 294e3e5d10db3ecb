package io.ebmperception.stream.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Design (ii) of docs/architecture.md, "How frames share ONNX calls": frames of one partition
 * share ONNX calls. {@code process} only appends the record to a changelogged buffer store and
 * returns; when the buffer holds {@code batch.max} frames, or at the wall-clock punctuation that
 * comes every {@code partition.batching.wait.ms}, all of them go through the {@link FramePipeline}
 * at once (fanned out to helper threads, so the shared batcher sees them together) and their
 * outcomes are forwarded in order, the buffer emptied. Exactly-once holds without a pre-commit hook: a buffer write is part of the
 * transaction that commits the frame's offset, so a frame whose offset is committed before its
 * prediction is still in the restored buffer after a crash and is predicted then (its first,
 * uncommitted attempt was aborted). The price: every frame's bytes are written to the broker once
 * more, by the changelog. On by default ({@code partition.batching}).
 *
 * <p>A frame whose schema the registry cannot give now ({@link Outcome.Deferred}) stops the flush:
 * it and every frame after it stay in the buffer and are tried again at the next punctuation, so
 * the partition waits, in order, while the other partitions and the health server go on. The
 * buffer keeps at most {@code keepLimitBytes} of frames for an absent registry: beyond that the
 * partition stops reading (its stream thread tries the buffer every second, the frames wait on the
 * topic instead of in memory and the changelog), and after {@code registryWait} the stream thread
 * fails and is replaced; the frames since the last commit are read again, nothing lost or doubled.
 */
final class BufferedPredictProcessor implements Processor<String, byte[], String, SpecificRecord> {
  static final String STORE = "frame-buffer";
  private static final Logger LOG = LoggerFactory.getLogger(BufferedPredictProcessor.class);
  private final FramePipeline pipeline;
  private final int batchMax;
  private final Duration wait;
  private final ExecutorService helpers;
  private final long keepLimitBytes;
  private final Duration registryWait;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<Long, byte[]> buffer;
  private long next;
  private int held;
  private long heldBytes;
  private boolean deferring;
  private String deferredWhy = "";

  /** A processor buffering as {@code batching} says (its helpers wait for the batcher; the stream thread for them). */
  BufferedPredictProcessor(FramePipeline pipeline, PredictionTopology.PartitionBatching batching) {
    this.pipeline = pipeline;
    this.batchMax = batching.batchMax();
    this.wait = batching.maxWait();
    this.helpers = batching.helpers();
    this.keepLimitBytes = batching.keepLimitBytes();
    this.registryWait = batching.registryWait();
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.buffer = context.getStateStore(STORE);
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, byte[]> entry = all.next();
        next = Math.max(next, entry.key + 1);
        held++;
        heldBytes += entry.value.length;
      }
    }
    if (held > 0) {
      LOG.info("task {}: {} buffered frame(s) restored; predicting them", context.taskId(), held);
    }
    context.schedule(wait.isZero() ? Duration.ofMillis(1) : wait, PunctuationType.WALL_CLOCK_TIME, t -> flush());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    BufferedFrame frame = new BufferedFrame(meta == null ? "unknown" : meta.topic(), meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(), record.timestamp(), record.key(), record.value());
    if (frame.value() != null && frame.value().length > pipeline.maxRecordBytes()) {
      // Larger than any frame record: not buffered (its changelog entry could be refused and stall
      // the partition); the frames before it go first, then its dead letter.
      flush();
      forward(frame, pipeline.handle(frame.topic(), frame.value()));
      return;
    }
    byte[] encoded = frame.encode();
    if (deferring && held > 0 && heldBytes + encoded.length > keepLimitBytes) {
      waitForTheRegistry();
    }
    buffer.put(next++, encoded);
    heldBytes += encoded.length;
    if (++held >= batchMax) {
      flush();
    }
  }

  /**
   * The buffer holds as many frames as it may keep for an absent registry: this partition reads no
   * more, trying the buffer every second until the registry answers, for at most {@code registryWait}.
   */
  private void waitForTheRegistry() {
    LOG.warn("task {}: {} frame(s), {} KiB, kept for the schema registry, the most a partition keeps; it reads no "
        + "more frames until the registry answers (at most {} s)", context.taskId(), held, heldBytes >> 10,
        registryWait.toSeconds());
    long deadline = System.nanoTime() + registryWait.toNanos();
    while (deferring) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new PredictionTopology.RegistryAwayException(deferredWhy, registryWait);
      }
      try {
        Thread.sleep(Math.min(1000, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while frames waited for the schema registry", e);
      }
      flush();
    }
  }

  /** Predicts every buffered frame together, forwards the outcomes in order, empties the buffer. */
  private void flush() {
    if (held == 0) {
      return;
    }
    List<Long> keys = new ArrayList<>();
    List<BufferedFrame> frames = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, byte[]> entry = all.next();
        keys.add(entry.key);
        frames.add(BufferedFrame.decode(entry.value));
        sizes.add(entry.value.length);
      }
    }
    List<Outcome> outcomes = pipeline.handleAll(frames.get(0).topic(),
        frames.stream().map(BufferedFrame::value).toList(), helpers);
    for (int i = 0; i < frames.size(); i++) {
      if (outcomes.get(i) instanceof Outcome.Deferred d) {
        // the registry is away: this frame and those after it stay buffered, in order, for the
        // next punctuation (the registry client answers at once until its backoff ends)
        if (!deferring) {
          LOG.warn("task {}: frames wait for the schema registry ({}); they are kept and predicted once it answers",
              context.taskId(), d.why());
          deferring = true;
        }
        deferredWhy = d.why();
        held = frames.size() - i;
        return;
      }
      forward(frames.get(i), outcomes.get(i));
      buffer.delete(keys.get(i));
      heldBytes -= sizes.get(i);
    }
    if (deferring) {
      LOG.info("task {}: the schema registry answers again; the frames kept for it are predicted", context.taskId());
      deferring = false;
    }
    held = 0;
    heldBytes = 0;
  }

  private void forward(BufferedFrame f, Outcome outcome) {
    if (outcome instanceof Outcome.Predicted p) {
      context.forward(new Record<String, SpecificRecord>(f.key(), p.prediction(), f.timestamp()),
          PredictionTopology.PREDICTIONS_SINK);
    } else if (outcome instanceof Outcome.Rejected r) {
      context.forward(new Record<String, SpecificRecord>(f.key(), PredictionTopology.deadLetter(f.topic(),
          f.partition(), f.offset(), f.key(), f.value(), r, pipeline.maxRecordBytes()), f.timestamp()),
          PredictionTopology.DEAD_LETTER_SINK);
    }
  }
}
