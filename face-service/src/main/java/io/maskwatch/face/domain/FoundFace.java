package io.maskwatch.face.domain;

import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.detect.Point;
import java.util.List;

/**
 * A face ready to send: its position in the frame's list, its box clipped to the frame, and the
 * JPEG crop the classifier reads.
 */
public record FoundFace(int index, Box box, float score, List<Point> landmarks, byte[] crop) {

  public FoundFace {
    landmarks = List.copyOf(landmarks);
  }
}
