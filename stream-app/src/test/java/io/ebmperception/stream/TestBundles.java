package io.ebmperception.stream;

import io.ebmperception.stream.inference.ModelBundle;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The tiny bundle under src/test/resources/bundles. */
public final class TestBundles {
  private TestBundles() {}

  public static ModelBundle steering16() {
    try {
      return ModelBundle.load(Path.of(TestBundles.class.getResource("/bundles/steering-16px").toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
