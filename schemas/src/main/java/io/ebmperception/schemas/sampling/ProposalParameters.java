package io.ebmperception.schemas.sampling;

/**
 * The proposal's parameters for a batch of B inputs, row-major: the per-input graph's outputs in
 * the app, the MDN head's in the trainer.
 *
 * @param batch         B
 * @param projection    {@code [B, H]} W_x h_x (empty where only the mixture is needed)
 * @param means         {@code [B, K, D]}
 * @param logVariances  {@code [B, K, D]}
 * @param logWeights    {@code [B, K]}
 */
public record ProposalParameters(int batch, float[] projection, float[] means, float[] logVariances,
    float[] logWeights) {}
