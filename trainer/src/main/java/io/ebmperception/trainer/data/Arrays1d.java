package io.ebmperception.trainer.data;

/** Coerces the flat arrays of HDF5 and npy readers (any numeric element type) to what we need. */
final class Arrays1d {
  private Arrays1d() {}

  static float[] floats(Object flat, String what) {
    if (flat instanceof float[] f) {
      return f.clone();
    }
    if (flat instanceof double[] d) {
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    }
    if (flat instanceof int[] v) {
      float[] out = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i];
      }
      return out;
    }
    if (flat instanceof long[] v) {
      float[] out = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i];
      }
      return out;
    }
    throw new DataFormatException(what + " holds " + flat.getClass().getSimpleName() + ", expected numbers");
  }

  /** 8-bit pixels, whichever integer type the reader widened unsigned bytes to. */
  static byte[] unsignedBytes(Object flat, String what) {
    if (flat instanceof byte[] b) {
      return b;
    }
    if (flat instanceof short[] s) {
      byte[] out = new byte[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = (byte) s[i];
      }
      return out;
    }
    if (flat instanceof int[] v) {
      byte[] out = new byte[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = (byte) v[i];
      }
      return out;
    }
    throw new DataFormatException(what + " holds " + flat.getClass().getSimpleName() + ", expected uint8 pixels");
  }
}
