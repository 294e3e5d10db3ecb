package io.ebmperception.trainer.run;

import io.ebmperception.trainer.model.ModelSpec;
import io.ebmperception.trainer.train.TrainingConfig;

/**
 * The {@code config.json} of a run folder: enough to rebuild the task and the model.
 *
 * @param source    where the data came from
 * @param config    training settings
 * @param spec      the model's shape
 * @param createdAt ISO-8601 instant the run started
 * @param checkpointEvery epochs between checkpoints (with resume points); 0 for none
 */
public record RunRecord(TaskSource source, TrainingConfig config, ModelSpec spec, String createdAt,
    int checkpointEvery) {}
