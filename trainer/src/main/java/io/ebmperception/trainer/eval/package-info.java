/**
 * Evaluation and prediction: grid NLL of an EBM (any D), KL against the known truth of dataset 1,
 * the MDN's exact NLL, the importance-sampling predictor with explicit noise, and plots.
 */
package io.ebmperception.trainer.eval;
