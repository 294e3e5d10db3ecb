package io.ebmperception.vision;

import io.ebmperception.schemas.FrameEncoding;

/**
 * The whole way from an image to a model's input, as the app serves frames: decode (a JPEG much
 * larger than the input at libjpeg's reduced scale, {@link ImageCodec#reduction}), area resize,
 * RGB order and normalisation ({@link Preprocessor}). The trainer builds its training tensors with
 * it, from files ({@link #input(byte[])}) or from rendered scenes sent through the codec a
 * deployment uses ({@link #input(RgbImage, FrameCodec, float[], int)}).
 */
public final class ImagePath {
  private final Preprocessor preprocessor;
  private final boolean reducedDecoding;

  /**
   * @param preprocessor    the model's input size and normalisation
   * @param reducedDecoding whether large JPEGs are decoded at a reduced scale (the app's
   *                        {@code frame.decode.reduced}, on by default)
   */
  public ImagePath(Preprocessor preprocessor, boolean reducedDecoding) {
    this.preprocessor = preprocessor;
    this.reducedDecoding = reducedDecoding;
  }

  /** The input size and normalisation this path ends in. */
  public Preprocessor preprocessor() {
    return preprocessor;
  }

  /** The factor a {@code width × height} image in {@code encoding} is decoded at (1 for PNG and raw frames). */
  public int reduction(FrameEncoding encoding, int width, int height) {
    return reducedDecoding ? ImageCodec.reduction(encoding, width, height, preprocessor.width(), preprocessor.height()) : 1;
  }

  /**
   * Decodes a PNG or JPEG file's bytes as the app decodes a frame of that size.
   *
   * @throws IllegalArgumentException when the bytes are neither or cannot be decoded
   */
  public RgbImage decode(byte[] encoded) {
    ImageHeader header = ImageHeader.read(encoded).orElseThrow(() -> new IllegalArgumentException(
        "not a PNG or JPEG image, or its header is cut off (" + encoded.length + " bytes)"));
    int reduction = reduction(header.encoding(), header.width(), header.height());
    return ImageCodec.decode(encoded, reduction).orElseThrow(() -> new IllegalArgumentException(
        "cannot decode the " + header.encoding() + " image (" + header.width() + " x " + header.height() + ")"));
  }

  /** The model input {@code [3, H, W]} of a PNG or JPEG file's bytes; see {@link #decode}. */
  public float[] input(byte[] encoded) {
    return preprocessor.apply(decode(encoded));
  }

  /**
   * Writes the model input of {@code image} after it travelled through {@code codec} into
   * {@code out} at {@code offset}: the pixels the app would see had a camera sent this image.
   */
  public void input(RgbImage image, FrameCodec codec, float[] out, int offset) {
    RgbImage seen = switch (codec) {
      case LOSSLESS -> image;
      case RECORDING_JPEG -> decode(ImageCodec.jpeg(image, ImageCodec.RECORDING_JPEG_QUALITY));
    };
    preprocessor.apply(seen, out, offset);
  }
}
