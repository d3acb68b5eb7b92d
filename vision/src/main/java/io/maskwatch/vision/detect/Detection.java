package io.maskwatch.vision.detect;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One face as a detector reports it.
 *
 * @param box in frame pixels; may reach past the frame's edges for detectors that extrapolate
 * @param score the detector's confidence mapped to 0..1 (what it means depends on the detector)
 * @param landmarks empty when the detector gives none
 */
public record Detection(Box box, float score, List<Point> landmarks) {

  /**
   * Left to right, then top to bottom: detectors return faces in this order so that face indexes
   * are stable for the same picture (OpenCV's own order varies from call to call).
   */
  public static final Comparator<Detection> READING_ORDER =
      Comparator.comparingInt((Detection d) -> d.box().x()).thenComparingInt(d -> d.box().y());

  public Detection {
    Objects.requireNonNull(box, "box");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be within 0..1, got " + score);
    }
    landmarks = List.copyOf(landmarks);
  }
}
