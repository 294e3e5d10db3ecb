package io.ebmperception.trainer.train;

import java.util.List;

/** Several {@link TrainingListener}s as one, called in order; training stops when any asks to. */
public final class TrainingListeners implements TrainingListener {
  private final List<TrainingListener> listeners;

  private TrainingListeners(List<TrainingListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** The listeners as one. */
  public static TrainingListener of(List<TrainingListener> listeners) {
    return new TrainingListeners(listeners);
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, float loss) {
    listeners.forEach(l -> l.onStep(epoch, step, stepsPerEpoch, loss));
  }

  @Override
  public void onEpoch(EpochSummary summary) {
    listeners.forEach(l -> l.onEpoch(summary));
  }

  @Override
  public boolean wantsResumePoint(int epoch, int epochs) {
    return listeners.stream().anyMatch(l -> l.wantsResumePoint(epoch, epochs));
  }

  @Override
  public void onResumePoint(ResumePoint point) {
    listeners.forEach(l -> l.onResumePoint(point)); // the others ignore it (a no-op by default)
  }

  @Override
  public boolean shouldStop(int epoch) {
    boolean stop = false;
    for (TrainingListener l : listeners) {
      stop |= l.shouldStop(epoch);
    }
    return stop;
  }
}
