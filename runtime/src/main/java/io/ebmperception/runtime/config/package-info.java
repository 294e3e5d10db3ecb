/**
 * Typed settings shared by the project's processes: one declaration per setting ({@link
 * io.ebmperception.runtime.config.Setting}), merged and checked from defaults, a file,
 * {@code EBM_*} and {@code --set} ({@link io.ebmperception.runtime.config.Config}).
 */
package io.ebmperception.runtime.config;
