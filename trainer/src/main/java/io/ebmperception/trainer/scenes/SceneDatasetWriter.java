package io.ebmperception.trainer.scenes;

import io.ebmperception.trainer.data.NpyArray;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Writes rendered samples in the layouts the loaders read, so that synthetic data travels like
 * the published datasets:
 * <ul>
 *   <li>{@link #writeH5}: the CcGAN layout read by {@link CcganHdf5Loader}: {@code images}
 *       (N, 3, H, W) and {@code labels} (N,); one target only. Pixels are stored as 16-bit integers
 *       0–255, because the pure-Java HDF5 writer has no unsigned 8-bit type; h5py, NumPy and the
 *       loader read the same values as from the published uint8 files.
 *   <li>{@link #writeNpz}: the FSA-Net BIWI layout read by {@link BiwiNpzLoader}: {@code image}
 *       (N, H, W, 3) uint8 and {@code pose} (N, 3) float32.
 *   <li>{@link #writeFolder}: PNG files and a {@code labels.csv} with a {@code file} column, read by
 *       {@link ImageFolderLoader}.
 * </ul>
 */
public final class SceneDatasetWriter {
  private SceneDatasetWriter() {}

  /** The CcGAN HDF5 layout; the samples must have one target each. */
  public static void writeH5(Path file, List<SyntheticScenes.Sample> samples) {
    requireSameSize(samples);
    BufferedImage first = samples.get(0).image();
    int h = first.getHeight();
    int w = first.getWidth();
    short[][][][] images = new short[samples.size()][3][h][w];
    float[] labels = new float[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      SyntheticScenes.Sample s = samples.get(i);
      if (s.target().length != 1) {
        throw new IllegalArgumentException("the CcGAN HDF5 layout holds one label per image, these samples have "
            + s.target().length + "; write npz or folder instead");
      }
      labels[i] = s.target()[0];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = s.image().getRGB(x, y);
          images[i][0][y][x] = (short) ((rgb >> 16) & 0xff);
          images[i][1][y][x] = (short) ((rgb >> 8) & 0xff);
          images[i][2][y][x] = (short) (rgb & 0xff);
        }
      }
    }
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putDataset("images", images);
      hdf.putDataset("labels", labels);
    }
  }

  /** The FSA-Net npz layout; the samples must have three targets (yaw, pitch, roll) each. */
  public static void writeNpz(Path file, List<SyntheticScenes.Sample> samples) {
    requireSameSize(samples);
    int n = samples.size();
    int h = samples.get(0).image().getHeight();
    int w = samples.get(0).image().getWidth();
    byte[] pixels = new byte[n * h * w * 3];
    float[] pose = new float[n * 3];
    for (int i = 0; i < n; i++) {
      SyntheticScenes.Sample s = samples.get(i);
      if (s.target().length != 3) {
        throw new IllegalArgumentException("the BIWI npz layout holds three pose angles per image, these samples have "
            + s.target().length + "; write h5 or folder instead");
      }
      System.arraycopy(s.target(), 0, pose, 3 * i, 3);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = s.image().getRGB(x, y);
          int at = ((i * h + y) * w + x) * 3;
          pixels[at] = (byte) (rgb >> 16);
          pixels[at + 1] = (byte) (rgb >> 8);
          pixels[at + 2] = (byte) rgb;
        }
      }
    }
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      entry(zip, "image.npy", NpyArray.ofBytes(pixels, n, h, w, 3).toBytes());
      entry(zip, "pose.npy", NpyArray.ofFloats(pose, n, 3).toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** PNG files {@code image-00000.png, ...} and {@code labels.csv} (file, then one column per target). */
  public static void writeFolder(Path dir, List<SyntheticScenes.Sample> samples, List<String> targetNames) {
    StringBuilder csv = new StringBuilder("file,").append(String.join(",", targetNames)).append('\n');
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < samples.size(); i++) {
        String name = String.format(Locale.ROOT, "image-%05d.png", i);
        ImageIO.write(samples.get(i).image(), "png", dir.resolve(name).toFile());
        csv.append(name);
        for (float v : samples.get(i).target()) {
          csv.append(',').append(String.format(Locale.ROOT, "%.4f", v));
        }
        csv.append('\n');
      }
      Files.writeString(dir.resolve("labels.csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir, e);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static void requireSameSize(List<SyntheticScenes.Sample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to write");
    }
    BufferedImage first = samples.get(0).image();
    for (SyntheticScenes.Sample s : samples) {
      if (s.image().getWidth() != first.getWidth() || s.image().getHeight() != first.getHeight()) {
        throw new IllegalArgumentException("all images of a dataset file must have the same size");
      }
    }
  }
}
