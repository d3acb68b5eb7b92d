package io.maskwatch.vision.detect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link HaarFaceDetector} runs OpenCV's {@code detectMultiScale}.
 *
 * @param cascade the cascade XML file
 * @param scaleFactor how much the search window grows between scales; &gt; 1 (1.1 = 10 %)
 * @param minNeighbors overlapping raw hits a face needs to be kept; higher = fewer, surer faces
 * @param minSize the smallest face searched for, in pixels (the cascade's window is 24)
 */
public record HaarSettings(Path cascade, double scaleFactor, int minNeighbors, int minSize) {

  public HaarSettings {
    Objects.requireNonNull(cascade, "cascade");
    if (!(scaleFactor > 1.0) || Double.isInfinite(scaleFactor)) {
      throw new IllegalArgumentException(
          "Haar scale factor must be a finite value > 1, got " + scaleFactor);
    }
    if (minNeighbors < 0) {
      throw new IllegalArgumentException("Haar min neighbours must be >= 0, got " + minNeighbors);
    }
    if (minSize < 1) {
      throw new IllegalArgumentException("Haar min size must be >= 1 pixel, got " + minSize);
    }
  }
}
