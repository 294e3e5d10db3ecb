package io.ebmperception.schemas.sampling;

/**
 * The sampling defaults, spelled once for the trainer, the app and the benches: the paper's M and
 * the number of hypotheses a prediction carries. Compile-time constants, so command-line defaults
 * can name them ({@code defaultValue = "" + SamplingDefaults.SAMPLES}).
 */
public final class SamplingDefaults {
  /** M, proposal samples per input (the paper's 1024, in training and at test time). */
  public static final int SAMPLES = 1024;
  /** R, hypotheses resampled by importance weight per prediction. */
  public static final int HYPOTHESES = 32;

  private SamplingDefaults() {}
}
