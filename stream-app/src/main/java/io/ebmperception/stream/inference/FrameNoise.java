package io.ebmperception.stream.inference;

import io.ebmperception.schemas.sampling.SampleNoise;
import java.nio.charset.StandardCharsets;

/**
 * The sampling noise of one frame, seeded from its camera id and sequence number, so that replaying
 * the same frames reproduces the same predictions exactly (and two app instances agree).
 */
public final class FrameNoise {
  private FrameNoise() {}

  /** A stable 64-bit seed: FNV-1a of the camera id, mixed with the sequence number. */
  public static long seed(String cameraId, long sequence) {
    long h = 0xcbf29ce484222325L;
    for (byte b : cameraId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h ^ (sequence * 0x9E3779B97F4A7C15L);
  }

  /** M uniforms, M·D normals and R resampling uniforms for one frame. */
  public static SampleNoise of(String cameraId, long sequence, int samples, int targetDim,
      int hypotheses) {
    return SampleNoise.generate(seed(cameraId, sequence), 1, samples, targetDim, hypotheses);
  }
}
