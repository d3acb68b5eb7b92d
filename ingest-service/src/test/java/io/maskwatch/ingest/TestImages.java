package io.maskwatch.ingest;

import io.maskwatch.vision.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real photos from ../shared (the kaggle853-dev scenes; tests are skipped with a message when they
 * are absent) and other encodings of them: PNG, GIF, truncated.
 */
public final class TestImages {

  private TestImages() {}

  /** A real scene photo (JPEG), the {@code index}-th of a spread over the folder. */
  public static Path photo(int index) {
    List<Path> photos = SharedData.spread(SharedData.kaggleScenes().resolve("images"), 8);
    return photos.get(index % photos.size());
  }

  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage decode(byte[] encoded) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
      if (image == null) {
        throw new IllegalArgumentException("not an image ImageIO reads");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The picture re-encoded in another format ("png", "gif"). */
  public static byte[] reencode(byte[] encoded, String format) {
    return encode(decode(encoded), format);
  }

  /** The picture scaled by {@code factor}, as PNG: a large real upload. */
  public static byte[] scaledPng(byte[] encoded, int factor) {
    BufferedImage source = decode(encoded);
    BufferedImage scaled =
        new BufferedImage(
            source.getWidth() * factor, source.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(source, 0, 0, scaled.getWidth(), scaled.getHeight(), null);
    g.dispose();
    return encode(scaled, "png");
  }

  /** The first {@code fraction} of the bytes, as an interrupted transfer leaves a file. */
  public static byte[] truncated(byte[] encoded, double fraction) {
    return Arrays.copyOf(encoded, (int) (encoded.length * fraction));
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
