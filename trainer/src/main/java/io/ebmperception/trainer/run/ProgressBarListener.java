package io.ebmperception.trainer.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar over all optimiser steps of a run, showing the epoch, the running loss
 * and examples per second; the library adds elapsed time and ETA. Only on a terminal
 * ({@link Progress#training}); elsewhere the run writes one line per epoch.
 */
public final class ProgressBarListener implements Progress.TrainingListenerHandle {
  private final ProgressBar bar;
  private final int batchSize;
  private final long start = System.nanoTime();
  private double runningLoss = Double.NaN;
  private long examples;

  public ProgressBarListener(String task, long totalSteps, int batchSize) {
    this.batchSize = batchSize;
    this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, float loss) {
    runningLoss = Double.isNaN(runningLoss) ? loss : 0.98 * runningLoss + 0.02 * loss;
    examples += batchSize;
    double seconds = (System.nanoTime() - start) / 1e9;
    bar.step();
    bar.setExtraMessage(String.format(" epoch %d, loss %.4f, %.0f ex/s", epoch, runningLoss,
        examples / Math.max(seconds, 1e-9)));
  }

  @Override
  public void close() {
    bar.close();
  }
}
