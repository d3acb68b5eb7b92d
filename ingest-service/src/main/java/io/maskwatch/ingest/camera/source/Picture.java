package io.maskwatch.ingest.camera.source;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One picture from a source: either JPEG bytes as the camera sent them, or a decoded image made on
 * demand (a video decoder's frame is converted only when it is sampled).
 */
public final class Picture {

  private final byte[] jpeg;
  private final Supplier<BufferedImage> image;
  private final Instant capturedAt;

  private Picture(byte[] jpeg, Supplier<BufferedImage> image, Instant capturedAt) {
    this.jpeg = jpeg;
    this.image = image;
    this.capturedAt = capturedAt;
  }

  public static Picture ofJpeg(byte[] jpeg, Instant capturedAt) {
    return new Picture(jpeg, null, capturedAt);
  }

  /** The image is made when asked for, and only valid until the source's next picture. */
  public static Picture ofImage(Supplier<BufferedImage> image, Instant capturedAt) {
    return new Picture(null, image, capturedAt);
  }

  /** The camera's JPEG bytes, or null for a decoded picture. */
  public byte[] jpeg() {
    return jpeg;
  }

  /** The decoded picture, or null for JPEG bytes. */
  public BufferedImage image() {
    return image == null ? null : image.get();
  }

  public Instant capturedAt() {
    return capturedAt;
  }
}
