package io.maskwatch.face.domain;

import io.maskwatch.vision.detect.Detection;
import java.util.List;

/**
 * One camera's stricter view of the detector's faces: a larger minimum face and a higher score
 * threshold than the service-wide detector settings (a lobby camera close to people can drop small
 * background faces; a noisy camera can demand more confidence).
 *
 * @param minFaceSize faces whose shorter side is below this many frame pixels are dropped; 0 keeps
 *     all
 * @param minScore faces scoring below this are dropped, 0..1; it cannot bring back faces the
 *     detector's own threshold already dropped
 */
public record DetectionFilter(int minFaceSize, float minScore) {

  /** Keeps every face. */
  public static final DetectionFilter NONE = new DetectionFilter(0, 0f);

  public DetectionFilter {
    if (minFaceSize < 0) {
      throw new IllegalArgumentException("min-face-size must be 0 or more, not " + minFaceSize);
    }
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("score-threshold must lie within 0..1, not " + minScore);
    }
  }

  /** The faces that pass, in their order. */
  public List<Detection> keep(List<Detection> faces) {
    if (this.equals(NONE)) {
      return faces;
    }
    return faces.stream()
        .filter(d -> d.score() >= minScore)
        .filter(d -> Math.min(d.box().width(), d.box().height()) >= minFaceSize)
        .toList();
  }
}
