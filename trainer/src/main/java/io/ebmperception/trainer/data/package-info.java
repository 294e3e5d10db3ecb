/**
 * Datasets and their loaders: the immutable {@link io.ebmperception.trainer.data.RegressionDataset},
 * the paper's two 1-D problems shipped as resources, a seeded generator with the exact density of
 * dataset 1, the generated table problems, and readers of users' tables (CSV), image folders and
 * the published image datasets' formats (CcGAN HDF5, FSA-Net npz). The synthetic scenes that write
 * those formats live in {@code scenes}.
 */
package io.ebmperception.trainer.data;
