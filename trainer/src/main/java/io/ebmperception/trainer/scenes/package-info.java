/**
 * The synthetic camera tasks: road scenes with a steering angle (forks make it two-valued) and
 * rendered heads with yaw, pitch and roll, drawn at any size, written as recordings (MP4, PNG
 * frames + labels) or in the published datasets' file layouts. Generators only: the loaders that
 * read those layouts back live in {@code data}.
 */
package io.ebmperception.trainer.scenes;
