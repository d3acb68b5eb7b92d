package io.maskwatch.alert.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A frame with the classifier's decision for each of its faces (none for a frame without faces).
 * Refusals name the rule broken, not the frame: the caller knows which frame it was building.
 *
 * @param source how the frame entered the system: camera, upload, webcam or unknown
 * @param uploadId set for uploads, otherwise null
 * @param faces ordered by index; indexes are unique within the frame
 */
public record AnalysedFrame(
    String frameId,
    String cameraId,
    String source,
    Instant capturedAt,
    FramePosition position,
    int width,
    int height,
    String uploadId,
    String detector,
    ModelRef model,
    Instant classifiedAt,
    List<ClassifiedFace> faces) {

  public AnalysedFrame {
    requireText(frameId, "frame id");
    requireText(cameraId, "camera id");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame has no area: " + width + "x" + height);
    }
    Set<Integer> seen = new HashSet<>();
    for (ClassifiedFace face : faces) {
      if (!seen.add(face.index())) {
        throw new IllegalArgumentException(
            "face index " + face.index() + " appears more than once");
      }
    }
    faces = faces.stream().sorted(Comparator.comparingInt(ClassifiedFace::index)).toList();
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
