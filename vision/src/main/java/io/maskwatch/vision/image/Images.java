package io.maskwatch.vision.image;

import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes JPEG and PNG into BGR {@code CV_8UC3} Mats. Never returns an empty Mat: bytes that are
 * not a whole image fail with an {@link InvalidImageException} that says why.
 */
public final class Images {

  /** Larger than any camera frame we expect (8K is 33 MP); guards against decompression bombs. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  private Images() {}

  /** Decodes with the default pixel limit; see {@link #decode(byte[], String, long)}. */
  public static Mat decode(byte[] bytes) {
    return decode(bytes, "image", DEFAULT_MAX_PIXELS);
  }

  /**
   * @param source names the bytes in error messages (a file name, "frame 12 of camera-3")
   * @param maxPixels the largest width × height accepted, checked before decoding
   * @return a new BGR Mat the caller owns
   * @throws InvalidImageException when the bytes are empty, not a JPEG or PNG, truncated or
   *     corrupt, or larger than {@code maxPixels}
   */
  public static Mat decode(byte[] bytes, String source, long maxPixels) {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidImageException(source + ": empty (0 bytes)");
    }
    ImageHeader header;
    try {
      header = ImageHeader.inspect(bytes);
    } catch (InvalidImageException e) {
      throw new InvalidImageException(source + ": " + e.getMessage(), e);
    }
    if (header.pixels() > maxPixels) {
      throw new InvalidImageException(
          String.format(
              "%s: too large: %dx%d is %d pixels, more than the limit of %d",
              source, header.width(), header.height(), header.pixels(), maxPixels));
    }
    OpenCvLoader.ensureLoaded();
    MatOfByte encoded = new MatOfByte(bytes);
    try {
      Mat image = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
      if (image.empty()) {
        throw new InvalidImageException(
            source + ": corrupt " + header.format() + ": OpenCV could not decode it");
      }
      return image;
    } finally {
      encoded.release();
    }
  }

  /** Reads and decodes a file with the default pixel limit. */
  public static Mat read(Path file) {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * @throws InvalidImageException when the file is missing, not a regular file, or its bytes are
   *     not a usable image (the message starts with the path)
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static Mat read(Path file, long maxPixels) {
    if (Files.isDirectory(file)) {
      throw new InvalidImageException(file + ": is a directory, not an image file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidImageException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return decode(bytes, file.toString(), maxPixels);
  }
}
