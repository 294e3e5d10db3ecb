package io.ebmperception.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ebmperception.schemas.sampling.MixtureSampler;
import io.ebmperception.schemas.sampling.ProposalParameters;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training draws proposal samples on the engine's tensors ({@link MixtureParameters#sample}); the
 * app and the trainer's predictor draw them with the shared plain-Java {@link MixtureSampler}. On
 * the same parameters and noise both give the same samples and the same {@code log q}.
 */
class MixtureParametersAgreementTest {
  @Test
  void theEngineAndThePlainJavaSamplerAgreeOnSamplesAndLogDensity() {
    int n = 3;
    int k = 4;
    int d = 2;
    int m = 64;
    Random random = new Random(7);
    float[] means = new float[n * k * d];
    float[] logVar = new float[n * k * d];
    float[] logits = new float[n * k];
    for (int i = 0; i < means.length; i++) {
      means[i] = (float) random.nextGaussian() * 3;
      logVar[i] = (float) random.nextGaussian() - 1;
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
    }
    float[] uniforms = new float[n * m];
    float[] normals = new float[n * m * d];
    for (int i = 0; i < uniforms.length; i++) {
      uniforms[i] = random.nextFloat();
    }
    for (int i = 0; i < normals.length; i++) {
      normals[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      MixtureParameters q = new MixtureParameters(manager.create(means, new Shape(n, k, d)),
          manager.create(logVar, new Shape(n, k, d)), manager.create(logits, new Shape(n, k)).logSoftmax(1));
      float[] engine = q.sample(manager.create(uniforms, new Shape(n, m)), manager.create(normals, new Shape(n, m, d)))
          .toFloatArray();
      float[] engineLogQ = q.logDensity(manager.create(engine, new Shape(n, m, d))).toFloatArray();

      ProposalParameters p = new ProposalParameters(n, new float[0], means, logVar, q.logWeights().toFloatArray());
      MixtureSampler shared = new MixtureSampler(k, d);
      float[] plain = new float[n * m * d];
      double[] logq = new double[m];
      for (int i = 0; i < n; i++) {
        shared.sample(p, i, java.util.Arrays.copyOfRange(uniforms, i * m, (i + 1) * m),
            java.util.Arrays.copyOfRange(normals, i * m * d, (i + 1) * m * d), plain, i * m * d);
        shared.logDensity(p, i, plain, i * m * d, m, logq);
        for (int j = 0; j < m; j++) {
          assertThat(logq[j]).as("log q of input %d sample %d", i, j).isCloseTo(engineLogQ[i * m + j], within(1e-4));
        }
      }
      for (int i = 0; i < plain.length; i++) {
        assertThat(plain[i]).as("sample value %d", i).isCloseTo(engine[i], within(1e-5f));
      }
    }
  }
}
