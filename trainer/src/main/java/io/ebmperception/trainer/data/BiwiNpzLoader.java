package io.ebmperception.trainer.data;

import io.ebmperception.vision.ImageNormalisation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the head-pose files processed by FSA-Net (protocol 2 of BIWI), e.g. {@code BIWI_train.npz}:
 * array {@code image} of shape (N, 64, 64, 3) uint8 and {@code pose} of shape (N, 3) with yaw,
 * pitch and roll in degrees. An npz file is a zip of {@code .npy} arrays.
 */
public final class BiwiNpzLoader {
  private final ImageNormalisation normalisation;

  public BiwiNpzLoader(ImageNormalisation normalisation) {
    this.normalisation = normalisation;
  }

  public RegressionDataset load(Path file) {
    Map<String, NpyArray> arrays = readNpz(file);
    NpyArray image = require(arrays, "image", file);
    NpyArray pose = require(arrays, "pose", file);
    int[] s = image.shape();
    if (s.length != 4 || s[3] != 3 || !(image.data() instanceof byte[] pixels)) {
      throw new DataFormatException(file + ": image has shape " + java.util.Arrays.toString(s) + " of "
          + image.descr() + ", expected (N, H, W, 3) uint8");
    }
    if (pose.shape().length != 2 || pose.shape()[0] != s[0] || pose.shape()[1] != 3) {
      throw new DataFormatException(file + ": pose has shape " + java.util.Arrays.toString(pose.shape())
          + ", expected (" + s[0] + ", 3)");
    }
    float[] x = ImageArrays.toNormalisedChw(pixels, s[0], s[1], s[2], true, normalisation);
    float[] y = Arrays1d.floats(pose.data(), file + ": pose");
    return new RegressionDataset(file.getFileName().toString(), x, new long[] {3, s[1], s[2]}, y, 3,
        List.of("image"), List.of("yaw", "pitch", "roll"));
  }

  /** All arrays of an npz file by name (without {@code .npy}). */
  public static Map<String, NpyArray> readNpz(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such file");
    }
    Map<String, NpyArray> out = new HashMap<>();
    try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.getName().endsWith(".npy")) {
          String name = entry.getName().substring(0, entry.getName().length() - 4);
          out.put(name, NpyArray.parse(zip.readAllBytes(), file + ":" + entry.getName()));
        }
      }
    } catch (IOException e) {
      throw new DataFormatException(file + ": not a readable npz file (" + e.getMessage() + ")", e);
    }
    if (out.isEmpty()) {
      throw new DataFormatException(file + ": no .npy arrays inside; not an npz file");
    }
    return out;
  }

  private static NpyArray require(Map<String, NpyArray> arrays, String name, Path file) {
    NpyArray a = arrays.get(name);
    if (a == null) {
      throw new DataFormatException(file + ": no array '" + name + "'; it has " + arrays.keySet());
    }
    return a;
  }
}
