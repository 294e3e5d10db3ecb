package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.SampleNoise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dynamic batcher shared by all stream threads (Triton's and DeepStream's scheme): one worker
 * takes the first waiting frame, gathers more until {@code maxBatch} frames or {@code maxWait}
 * after the first, and serves them with one call of each ONNX graph. Callers block with a
 * deadline, never indefinitely.
 *
 * <p>The worker waits only for frames that are known to be coming: a stream thread
 * {@linkplain #announce() announces} a frame when it starts decoding it, and the worker waits
 * (at most {@code maxWait}) only while announced frames have not arrived yet. With nothing
 * announced the batch goes at once: a fixed queue delay with no other frame on its way is time
 * every frame loses (a 2-core instance with 2 stream threads served nearly every frame alone and
 * so lost up to {@code maxWait} on each).
 *
 * <p>The model can be swapped while running ({@link #swap}): the new one is loaded before the old
 * one is released, a batch in flight finishes on the model it started with, and every result says
 * which model made it.
 */
public final class Batcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);
  private final BlockingQueue<Job> queue;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final AtomicReference<ImportanceSampler> sampler;
  private final IntConsumer batchSizes;
  private final Thread worker;
  private volatile boolean running = true;
  private final AtomicInteger announced = new AtomicInteger();

  /** One frame's result, the model that made it and its M. */
  public record Result(ImportanceSampler.Timed prediction, String modelName, String modelVersion, int samples,
      double queueMs) {}

  /**
   * A frame's identity: its sampling noise is seeded from it by the sampler that serves the batch
   * ({@link ImportanceSampler#noiseFor}), so M, D and R have one source, the model serving.
   */
  public record FrameId(String cameraId, long sequence) {}

  /**
   * A queued frame. Its noise is made on the caller's thread by the sampler serving then (noise for
   * M = 1024 is a visible share of a batch's time if the single worker makes it); the worker makes
   * it again only if another model was swapped in since.
   */
  private record Job(float[] input, FrameId id, ImportanceSampler noiseBy, SampleNoise noise, long enqueued,
      CompletableFuture<Result> future) {}

  /**
   * @param batchSizes receives the size of every batch served (for metrics)
   */
  public Batcher(ImportanceSampler sampler, int maxBatch, Duration maxWait, IntConsumer batchSizes) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
    }
    this.sampler = new AtomicReference<>(sampler);
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.batchSizes = batchSizes;
    this.queue = new ArrayBlockingQueue<>(Math.max(64, maxBatch * 16));
    this.worker = new Thread(this::serve, "ebm-batcher-" + sampler.model().bundle().manifest().task());
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** The model now serving. */
  public ImportanceSampler current() {
    return sampler.get();
  }

  /** Replaces the serving model; returns the previous one, which the caller closes when it likes. */
  public ImportanceSampler swap(ImportanceSampler next) {
    ImportanceSampler previous = sampler.getAndSet(next);
    LOG.info("now serving {} version {}", next.model().bundle().manifest().name(),
        next.model().bundle().manifest().version());
    return previous;
  }

  /**
   * Says that a frame is being prepared and will reach {@link #predict} soon (or
   * {@link Announcement#close() be withdrawn}); the worker waits for announced frames.
   */
  public Announcement announce() {
    announced.incrementAndGet();
    return new Announcement();
  }

  /**
   * A frame on its way; closing it (once, from any thread) says it has arrived or will not come.
   */
  public final class Announcement implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);

    private Announcement() {}

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        announced.decrementAndGet();
      }
    }
  }

  /** Frames announced and not yet arrived or withdrawn (for tests and metrics). */
  public int announced() {
    return announced.get();
  }

  /**
   * Predicts for one input, waiting at most {@code timeout}.
   *
   * @throws IllegalStateException when the deadline passes or inference fails
   */
  public Result predict(float[] input, FrameId id, Duration timeout) {
    return predict(input, id, timeout, null);
  }

  /**
   * Like {@link #predict(float[], FrameId, Duration)} for a frame that was
   * {@linkplain #announce() announced}: the announcement is closed once the frame is queued.
   */
  public Result predict(float[] input, FrameId id, Duration timeout, Announcement arriving) {
    CompletableFuture<Result> future = new CompletableFuture<>();
    try {
      boolean queued;
      try {
        ImportanceSampler serving = sampler.get();
        queued = queue.offer(new Job(input, id, serving, serving.noiseFor(id.cameraId(), id.sequence()),
            System.nanoTime(), future), timeout.toNanos(),
            TimeUnit.NANOSECONDS);
      } finally {
        if (arriving != null) {
          arriving.close();
        }
      }
      if (!queued) {
        throw new IllegalStateException("inference queue full for " + timeout.toMillis() + " ms");
      }
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for inference", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("inference took longer than " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private void serve() {
    List<Job> batch = new ArrayList<>(maxBatch);
    while (running) {
      try {
        Job first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = first.enqueued() + maxWaitNanos;
        while (batch.size() < maxBatch) {
          Job next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || announced.get() == 0) {
              break; // nothing is on its way: waiting would only delay this batch
            }
            next = queue.poll(Math.min(left, 200_000L), TimeUnit.NANOSECONDS);
          }
          if (next != null) {
            batch.add(next);
          }
        }
        run(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void run(List<Job> batch) {
    ImportanceSampler model = sampler.get();
    long start = System.nanoTime();
    try {
      int size = batch.get(0).input().length;
      float[] inputs = new float[batch.size() * size];
      List<SampleNoise> noise = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        System.arraycopy(batch.get(i).input(), 0, inputs, i * size, size);
        Job job = batch.get(i);
        noise.add(job.noiseBy() == model ? job.noise() : model.noiseFor(job.id().cameraId(), job.id().sequence()));
      }
      List<ImportanceSampler.Timed> out = model.predict(inputs, noise);
      batchSizes.accept(batch.size());
      String name = model.model().bundle().manifest().name();
      String version = model.model().bundle().manifest().version();
      for (int i = 0; i < batch.size(); i++) {
        double queueMs = (start - batch.get(i).enqueued()) / 1e6;
        batch.get(i).future().complete(new Result(out.get(i), name, version, model.samples(), queueMs));
      }
    } catch (RuntimeException e) {
      batch.forEach(j -> j.future().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Job job;
    while ((job = queue.poll()) != null) {
      job.future().completeExceptionally(new IllegalStateException("batcher closed"));
    }
  }
}
