package io.ebmperception.schemas.sampling;

import java.util.SplittableRandom;

/**
 * The random numbers of one prediction, made explicit so that two implementations (the trainer's
 * DJL path and the stream app's ONNX Runtime path) can be fed the same noise and must then agree.
 *
 * @param uniforms   {@code [N * M]} in [0, 1): mixture component choice per sample
 * @param normals    {@code [N * M * D]} standard normals: the Gaussian draw per sample
 * @param resampling {@code [N * R]} in [0, 1): the resampling choice per hypothesis
 * @param inputs     N
 * @param samples    M
 * @param targetDim  D
 * @param hypotheses R
 */
public record SampleNoise(float[] uniforms, float[] normals, float[] resampling, int inputs,
    int samples, int targetDim, int hypotheses) {

  public SampleNoise {
    if (uniforms.length != inputs * samples || normals.length != inputs * samples * targetDim
        || resampling.length != inputs * hypotheses) {
      throw new IllegalArgumentException("noise arrays do not match [N, M, D, R]");
    }
  }

  /** Noise from a seeded generator; the same arguments give the same noise. */
  public static SampleNoise generate(long seed, int inputs, int samples, int targetDim,
      int hypotheses) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] u = new float[inputs * samples];
    float[] z = new float[inputs * samples * targetDim];
    float[] r = new float[inputs * hypotheses];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) rng.nextDouble();
    }
    for (int i = 0; i < z.length; i++) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      z[i] = (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rng.nextDouble();
    }
    return new SampleNoise(u, z, r, inputs, samples, targetDim, hypotheses);
  }
}
