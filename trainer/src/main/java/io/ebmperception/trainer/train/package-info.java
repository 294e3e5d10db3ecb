/**
 * Training: the {@link io.ebmperception.trainer.train.Method} names, each method's batch
 * {@link io.ebmperception.trainer.train.Objective}, and the one
 * {@link io.ebmperception.trainer.train.TrainingLoop} they share.
 */
package io.ebmperception.trainer.train;
