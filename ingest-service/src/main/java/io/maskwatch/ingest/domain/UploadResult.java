package io.maskwatch.ingest.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline decided about an uploaded picture: one entry per face found, each with the
 * classifier's label (a wire name: with_mask, without_mask, mask_weared_incorrect).
 *
 * @param capturedAt when the upload was accepted (the frame's capture time)
 */
public record UploadResult(
    String uploadId,
    String frameId,
    Instant capturedAt,
    String detector,
    Model model,
    List<Face> faces) {

  public UploadResult {
    faces = List.copyOf(faces);
  }

  /** The classifier that labelled the faces. */
  public record Model(String name, String version, String sha256) {}

  /** One face: where it is in the picture and what the classifier said. */
  public record Face(
      int index,
      Box box,
      String label,
      float confidence,
      float detectorScore,
      Map<String, Float> scores) {

    public Face {
      scores = Map.copyOf(scores);
    }
  }

  /** A box in the pixels of the uploaded picture. */
  public record Box(int x, int y, int width, int height) {}
}
