package io.ebmperception.stream.inference;

import io.ebmperception.schemas.bundle.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models one app serves, one per task (Triton's model repository, keyed by the task every
 * frame names): each bundle folder gets its own {@link Batcher} (frames of different tasks have
 * different inputs and never share an ONNX call) and its own {@link ModelReloader}, so a new
 * version of one task's bundle is validated against that task's model alone and rolled out without
 * touching the others. A frame is routed to its task's model; a task with no model has none (the
 * pipeline answers it as {@code WRONG_TASK}).
 *
 * <p>The tasks are fixed when the app starts: a reload cannot change a bundle's task
 * ({@link RolloutCheck}), so the routing table never changes while frames flow.
 */
public final class ModelRepository implements AutoCloseable {
  /** One task's model: its bundle folder, the batcher serving it and the reloader watching the folder. */
  public record Served(String task, Path dir, Batcher batcher, ModelReloader reloader) {
    /** The manifest of the version now serving. */
    public Manifest manifest() {
      return batcher.current().model().bundle().manifest();
    }
  }

  /** How one warmed model is served and watched: the app builds these from its settings and metrics. */
  public interface Wiring {
    /** The batcher around a freshly loaded model. */
    Batcher batcher(ImportanceSampler sampler);

    /** The hot reload of the bundle in {@code dir} into {@code batcher}. */
    ModelReloader reloader(Path dir, Batcher batcher);
  }

  private final Map<String, Served> byTask;

  private ModelRepository(Map<String, Served> byTask) {
    this.byTask = Collections.unmodifiableMap(byTask);
  }

  /**
   * Loads and warms every bundle in {@code dirs}, in order. Every manifest is read and checked
   * before any graph is loaded: two bundles of one task are refused (one line, naming both), as
   * is an empty list. If a later bundle fails to load, those already loaded are closed.
   */
  public static ModelRepository load(List<Path> dirs, ModelLoader loader, Wiring wiring) {
    Map<String, Path> tasks = check(dirs);
    Map<String, Served> byTask = new LinkedHashMap<>();
    try {
      tasks.forEach((task, dir) -> {
        ImportanceSampler sampler = loader.load(dir);
        Batcher batcher;
        try {
          batcher = wiring.batcher(sampler);
        } catch (RuntimeException e) {
          sampler.model().close();
          throw e;
        }
        byTask.put(task, new Served(task, dir, batcher, null)); // closed with the others if its reloader fails
        byTask.put(task, new Served(task, dir, batcher, wiring.reloader(dir, batcher)));
      });
    } catch (RuntimeException e) {
      new ModelRepository(byTask).close();
      throw e;
    }
    return new ModelRepository(byTask);
  }

  /**
   * Reads every bundle's manifest, without loading a graph, and returns the bundle folder of each
   * task. A missing or broken bundle, two bundles of one task, or none at all is a one-line
   * {@link IllegalArgumentException} (the app calls this before it starts anything).
   */
  public static Map<String, Path> check(List<Path> dirs) {
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException("no model bundle to serve: give at least one --bundle DIR");
    }
    Map<String, Path> tasks = new LinkedHashMap<>();
    for (Path dir : dirs) {
      String task = ModelBundle.load(dir).manifest().task();
      Path other = tasks.putIfAbsent(task, dir);
      if (other != null) {
        throw new IllegalArgumentException("bundles " + other + " and " + dir + " both serve task '" + task
            + "': serve one bundle per task (a new version of a task's model rolls out by writing it into its folder)");
      }
    }
    return tasks;
  }

  /** The model serving {@code task}, if any. */
  public Optional<Served> forTask(String task) {
    return Optional.ofNullable(byTask.get(task));
  }

  /** Every task's model, in the order the bundles were given. */
  public Collection<Served> all() {
    return byTask.values();
  }

  /** The tasks served, in the order the bundles were given. */
  public List<String> tasks() {
    return List.copyOf(byTask.keySet());
  }

  /** The batcher of each task: the routing table of the frame pipeline. */
  public Map<String, Batcher> batchers() {
    Map<String, Batcher> out = new LinkedHashMap<>();
    byTask.forEach((task, served) -> out.put(task, served.batcher()));
    return Collections.unmodifiableMap(out);
  }

  /** The first bundle's model (the only one where one bundle is served: the demo, the tools). */
  public Served first() {
    return byTask.values().iterator().next();
  }

  /**
   * Why a bundle's version is not serving, per task that has one ("task 'headpose': model version
   * v9 not rolled out …"); the other tasks serve on regardless.
   */
  public List<String> refusals() {
    List<String> out = new ArrayList<>();
    for (Served served : byTask.values()) {
      if (served.reloader() != null) {
        served.reloader().refusal().ifPresent(why -> out.add("task '" + served.task() + "': " + why));
      }
    }
    return out;
  }

  /**
   * Stops every reloader, then every batcher (a frame still queued fails with "batcher closed"),
   * then releases every model.
   */
  @Override
  public void close() {
    for (Served served : byTask.values()) {
      if (served.reloader() != null) {
        served.reloader().close();
      }
    }
    for (Served served : byTask.values()) {
      ImportanceSampler last = served.batcher().current();
      served.batcher().close();
      last.model().close();
    }
  }
}
