/**
 * Training: the {@link io.ebmperception.trainer.train.Method} names, each method's batch
 * {@link io.ebmperception.trainer.train.Objective}, and the one
 * {@link io.ebmperception.trainer.train.TrainingLoop} they share, with the optimiser state and
 * {@link io.ebmperception.trainer.train.ResumePoint} that let an interrupted run continue exactly.
 */
package io.ebmperception.trainer.train;
