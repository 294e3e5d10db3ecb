/**
 * The model bundle's manifest: the JSON contract between the trainer, which writes bundles, and
 * the stream app, which serves them (see docs/model-bundle.md).
 */
package io.ebmperception.schemas.bundle;
