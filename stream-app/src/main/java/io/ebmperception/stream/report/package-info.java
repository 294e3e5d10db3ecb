/**
 * What a person reads after a run: the evaluation report (MAE, NLL, coverage, modes, trust), the
 * prediction plot and the reliability plot.
 */
package io.ebmperception.stream.report;
