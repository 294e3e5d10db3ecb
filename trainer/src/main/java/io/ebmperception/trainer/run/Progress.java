package io.ebmperception.trainer.run;

import io.ebmperception.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress that fits where it goes: on a terminal a live bar (redrawn in place), anywhere else (a
 * log file, CI, a supervisor, a pipe) plain lines that a person or a log collector can read: one per
 * training epoch, one per tenth of a render or every 30 s, never a carriage return.
 */
public final class Progress {
  /** A plain line is written at least this often (ms) while something progresses. */
  static final long LINE_EVERY_MS = 30_000;

  private Progress() {}

  /** Whether this process writes to a terminal (neither stdin nor stdout redirected). */
  public static boolean interactive() {
    return System.console() != null;
  }

  /** Counts the steps of one job. */
  public interface Steps extends AutoCloseable {
    /** One more step done. */
    void step();

    @Override
    void close();
  }

  /** Progress over {@code total} steps of {@code task}: a bar on a terminal, else plain lines to stderr. */
  public static Steps steps(String task, long total) {
    return interactive() ? bar(task, total) : new Lines(task, total, System.err);
  }

  /**
   * A training listener that shows a run's progress: the bar of {@link ProgressBarListener} on a
   * terminal, else one line per epoch on stderr.
   */
  public static TrainingListenerHandle training(String task, long totalSteps, int batchSize) {
    return interactive() ? new ProgressBarListener(task, totalSteps, batchSize) : new EpochLines(task, System.err);
  }

  /** A training listener that must be closed when training ends. */
  public interface TrainingListenerHandle extends TrainingListener, AutoCloseable {
    @Override
    void close();
  }

  private static Steps bar(String task, long total) {
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250).build();
    return new Steps() {
      @Override
      public void step() {
        bar.step();
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }

  /** Plain progress lines: at each tenth of the total and at least every {@link #LINE_EVERY_MS}. */
  static final class Lines implements Steps {
    private final String task;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long done;
    private long lastLineNanos = System.nanoTime();
    private long nextTenth = 1;

    Lines(String task, long total, PrintStream out) {
      this.task = task;
      this.total = Math.max(1, total);
      this.out = out;
    }

    @Override
    public void step() {
      done++;
      long now = System.nanoTime();
      boolean tenth = done * 10 >= nextTenth * total;
      if (tenth || (now - lastLineNanos) / 1_000_000 >= LINE_EVERY_MS) {
        while (done * 10 >= nextTenth * total) {
          nextTenth++;
        }
        lastLineNanos = now;
        double seconds = (now - start) / 1e9;
        double eta = done >= total ? 0 : seconds / done * (total - done);
        out.printf(Locale.ROOT, "%s: %d/%d (%.0f%%), %.1f s elapsed, about %.0f s to go%n", task, done, total,
            100.0 * done / total, seconds, eta);
      }
    }

    @Override
    public void close() {
      out.flush();
    }
  }

  /** One plain line per training epoch: the objective, throughput, elapsed time and what remains. */
  static final class EpochLines implements TrainingListenerHandle {
    private final String task;
    private final PrintStream out;
    private final long start = System.nanoTime();

    EpochLines(String task, PrintStream out) {
      this.task = task;
      this.out = out;
    }

    @Override
    public void onEpoch(EpochSummary summary) {
      double seconds = (System.nanoTime() - start) / 1e9;
      double eta = seconds / summary.epoch() * (summary.epochs() - summary.epoch());
      out.printf(Locale.ROOT, "%s: epoch %d/%d, training objective %.4f, %.0f ex/s, %.1f s elapsed, about %.0f s to go%n",
          task, summary.epoch(), summary.epochs(), summary.meanLoss(), summary.samplesPerSecond(), seconds, eta);
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}
