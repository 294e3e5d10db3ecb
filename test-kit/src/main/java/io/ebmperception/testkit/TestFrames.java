package io.ebmperception.testkit;

import io.ebmperception.schemas.Frame;
import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.schemas.FrameEncoding;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;

/** Frames for tests: small JPEGs of a shape that moves with the sequence number, and frame records of them. */
public final class TestFrames {
  private TestFrames() {}

  /** A black PNG of {@code width × height} (Java's ImageIO). */
  public static byte[] png(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] jpeg(int width, int height, long sequence) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(80, 130, 60));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.GRAY);
    g.fillRect((int) (sequence * 3 % width), height / 3, width / 3, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static Frame frame(String camera, long sequence, byte[] jpeg, int width, int height) {
    return FrameRecords.frame(camera, sequence, Instant.ofEpochMilli(1_000_000 + sequence * 33),
        io.ebmperception.schemas.CaptureClock.RECORDING, "steering",
        FrameEncoding.JPEG, width, height, jpeg, List.of((float) sequence));
  }

  public static Frame frame(String camera, long sequence) {
    return frame(camera, sequence, jpeg(48, 32, sequence), 48, 32);
  }
}
