/**
 * The one image path of the project: how an image (a camera's JPEG, a user's PNG, a rendered scene)
 * becomes a model's input. Decoding through OpenCV (a large JPEG at libjpeg's reduced scale),
 * OpenCV's area resampling, RGB order and the manifest's normalisation, channels first. The trainer
 * makes its training tensors and the stream app its frames' inputs with these classes, so a model
 * sees at serving time the pixels it was trained on.
 */
package io.ebmperception.vision;
