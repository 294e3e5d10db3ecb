package io.ebmperception.stream.inference;

/**
 * The per-input graph's outputs for a batch of B inputs, row-major.
 *
 * @param batch         B
 * @param projection    {@code [B, H]} W_x h_x
 * @param means         {@code [B, K, D]}
 * @param logVariances  {@code [B, K, D]}
 * @param logWeights    {@code [B, K]}
 */
public record ProposalParameters(int batch, float[] projection, float[] means, float[] logVariances,
    float[] logWeights) {}
