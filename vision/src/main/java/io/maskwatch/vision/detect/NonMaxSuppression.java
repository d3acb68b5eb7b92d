package io.maskwatch.vision.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression: the highest-scoring detection is kept, every other one that
 * overlaps it by more than the threshold (intersection over union) is dropped, and so on. Used to
 * merge the detections of several passes over one frame (the whole frame and its tiles).
 */
public final class NonMaxSuppression {

  private static final Comparator<Detection> BY_SCORE_DESCENDING =
      Comparator.comparingDouble((Detection d) -> d.score())
          .reversed()
          .thenComparingInt(d -> d.box().x())
          .thenComparingInt(d -> d.box().y());

  private NonMaxSuppression() {}

  /**
   * @param detections in any order; not modified
   * @param iouThreshold a detection overlapping a kept one by more than this is dropped, 0..1
   * @return the kept detections, highest score first (ties: left to right, then top to bottom)
   */
  public static List<Detection> suppress(List<Detection> detections, double iouThreshold) {
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("NMS threshold must be within 0..1, got " + iouThreshold);
    }
    List<Detection> sorted = new ArrayList<>(detections);
    sorted.sort(BY_SCORE_DESCENDING);
    List<Detection> kept = new ArrayList<>();
    for (Detection candidate : sorted) {
      boolean overlaps = false;
      for (Detection k : kept) {
        if (k.box().iou(candidate.box()) > iouThreshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}
