package io.ebmperception.stream.inference;

import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.schemas.sampling.SnisEstimate;
import io.ebmperception.vision.Preprocessor;
import io.ebmperception.vision.RgbImage;
import java.util.Arrays;
import java.util.Optional;

/**
 * Proves a bundle before it serves: a prediction on a canned input made through the manifest's own
 * preprocessing ({@link #input}: a mid-grey frame of the model's size for an image model, zeros for
 * a vector model) must give a finite mean, covariance and ESS, and a mean within the target's range
 * as the manifest states it (widened by that range's width on each side, since a grey frame is no
 * ordinary frame). A bundle that passes the manifest's checks but outputs NaN (an input
 * scale of 1e38, a broken export) would otherwise be rolled out and dead-letter every frame.
 */
public final class ProbeInference {
  private ProbeInference() {}

  /** The canned input of a bundle: what its preprocessing makes of a mid-grey frame (images) or zeros (vectors). */
  public static float[] input(Manifest manifest) {
    long size = Arrays.stream(manifest.input().shape()).reduce(1, (a, b) -> a * b);
    if (!Preprocessor.LAYOUT.equals(manifest.input().layout())) {
      return new float[(int) size];
    }
    Preprocessor preprocessor = Preprocessor.forInput(manifest.input());
    byte[] grey = new byte[preprocessor.width() * preprocessor.height() * Preprocessor.CHANNELS];
    Arrays.fill(grey, (byte) 128);
    return preprocessor.apply(new RgbImage(preprocessor.width(), preprocessor.height(), grey));
  }

  /** What is wrong with {@code prediction} for a bundle described by {@code manifest}, or empty. */
  public static Optional<String> problem(Manifest manifest, SnisEstimate prediction) {
    if (!finite(prediction.mean()) || !finite(prediction.covariance())
        || !Double.isFinite(prediction.effectiveSampleSize())) {
      return Optional.of("non-finite outputs (mean " + Arrays.toString(prediction.mean()) + ", ESS "
          + prediction.effectiveSampleSize() + ")");
    }
    Manifest.TargetSpec target = manifest.target();
    if (target == null || target.gridLo() == null || target.gridHi() == null
        || target.gridLo().length != prediction.mean().length) {
      return Optional.empty();
    }
    for (int k = 0; k < prediction.mean().length; k++) {
      double width = Math.max(1e-6, target.gridHi()[k] - target.gridLo()[k]);
      double mean = prediction.mean()[k];
      if (mean < target.gridLo()[k] - width || mean > target.gridHi()[k] + width) {
        return Optional.of("mean " + mean + " of dimension " + k + " is far outside the target's range ["
            + target.gridLo()[k] + ", " + target.gridHi()[k] + "]");
      }
    }
    return Optional.empty();
  }

  private static boolean finite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
