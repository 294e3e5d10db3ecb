/**
 * The training objectives of the method, one small class each, with their gradient semantics
 * (what is held constant) enforced inside the class: {@link io.ebmperception.trainer.loss.NceLoss},
 * {@link io.ebmperception.trainer.loss.ProposalKlLoss}, {@link io.ebmperception.trainer.loss.ImportanceSampledNll},
 * {@link io.ebmperception.trainer.loss.MdnNll} and {@link io.ebmperception.trainer.loss.TeacherMdnLoss}.
 */
package io.ebmperception.trainer.loss;
