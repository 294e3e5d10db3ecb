package io.ebmperception.trainer.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Start a run from the weights of an earlier run instead of fresh ones.
 *
 * @param run   the earlier run folder (its final checkpoint is read)
 * @param parts which weights are copied
 */
public record WarmStart(String run, Parts parts) {

  public WarmStart {
    if (run == null || run.isBlank()) {
      throw new IllegalArgumentException("a warm start needs a run folder");
    }
    parts = parts == null ? Parts.FEATURES : parts;
  }

  /** Which weights a warm start copies. */
  public enum Parts {
    /**
     * Only feature nets: the earlier run's feature net (the EBM's, or an MDN's own when the earlier
     * run was an MDN alone) initialises every feature net of the new model; the heads start fresh.
     * Works across methods, e.g. an {@code mdn-nll} run's features under an {@code nce+kl} run.
     */
    FEATURES("features"),
    /**
     * Every parameter whose name and shape match (fine-tuning the same kind of model); parts the
     * earlier model lacks start fresh.
     */
    ALL("all");

    private final String id;

    Parts(String id) {
      this.id = id;
    }

    /** The command-line name. */
    public String id() {
      return id;
    }

    /** Parses a command-line name; the message lists the allowed names. */
    public static Parts parse(String name) {
      for (Parts p : values()) {
        if (p.id.equalsIgnoreCase(name.strip())) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown warm-start part '" + name + "'; choose one of "
          + Arrays.stream(values()).map(Parts::id).collect(Collectors.joining(", ")));
    }
  }
}
