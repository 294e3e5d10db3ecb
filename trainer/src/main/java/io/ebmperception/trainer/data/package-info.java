/**
 * Datasets: the immutable {@link io.ebmperception.trainer.data.RegressionDataset}, the paper's two
 * 1-D problems shipped as resources, a seeded generator with the exact density of dataset 1, and a
 * CSV loader for users' own tables.
 */
package io.ebmperception.trainer.data;
