package io.ebmperception.trainer.data;

import io.ebmperception.vision.ImageNormalisation;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the HDF5 files of the CcGAN repository (steering angle, cell count, UTKFace age), e.g.
 * {@code SteeringAngle_64x64.h5}: dataset {@code images} of shape (N, 3, 64, 64) uint8 and
 * {@code labels} of shape (N,), through the pure-Java HDF5 reader jHDF.
 */
public final class CcganHdf5Loader {
  private final ImageNormalisation normalisation;

  public CcganHdf5Loader(ImageNormalisation normalisation) {
    this.normalisation = normalisation;
  }

  /** Loads all images and labels of {@code file}; {@code name} becomes the target's name. */
  public RegressionDataset load(Path file, String name) {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such file");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset images = dataset(hdf, file, "images");
      Dataset labels = dataset(hdf, file, "labels");
      int[] dims = images.getDimensions();
      if (dims.length != 4 || dims[1] != 3) {
        throw new DataFormatException(file + ": images has shape " + java.util.Arrays.toString(dims)
            + ", expected (N, 3, H, W)");
      }
      int n = dims[0];
      float[] y = Arrays1d.floats(labels.getDataFlat(), file + ": labels");
      if (y.length != n) {
        throw new DataFormatException(file + ": " + n + " images but " + y.length + " labels");
      }
      byte[] pixels = Arrays1d.unsignedBytes(images.getDataFlat(), file + ": images");
      float[] x = ImageArrays.toNormalisedChw(pixels, n, dims[2], dims[3], false, normalisation);
      return new RegressionDataset(file.getFileName().toString(), x, new long[] {3, dims[2], dims[3]},
          y, 1, List.of("image"), List.of(name));
    } catch (io.jhdf.exceptions.HdfException e) {
      throw new DataFormatException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  private static Dataset dataset(HdfFile hdf, Path file, String name) {
    Node node = hdf.getChildren().get(name);
    if (!(node instanceof Dataset d)) {
      throw new DataFormatException(file + ": no dataset '" + name + "'; it has " + hdf.getChildren().keySet());
    }
    return d;
  }
}
