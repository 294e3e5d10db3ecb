/**
 * The networks of the method: the energy head f_θ(x, y) ({@link io.ebmperception.trainer.model.EnergyModel}),
 * the MDN proposal q_φ(y|x) ({@link io.ebmperception.trainer.model.MixtureProposal}) with its
 * mixture maths ({@link io.ebmperception.trainer.model.MixtureParameters}), and the model of a run
 * that composes them with feature nets ({@link io.ebmperception.trainer.model.ProbabilisticRegressor}).
 */
package io.ebmperception.trainer.model;
