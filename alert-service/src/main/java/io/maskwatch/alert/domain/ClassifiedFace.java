package io.maskwatch.alert.domain;

/**
 * One face of a frame as the classifier saw it.
 *
 * @param index the face's position in its frame, stable from detection through verdicts
 * @param confidence the classifier's confidence in {@code label}, 0..1
 * @param detectorScore the face detector's confidence that this is a face
 */
public record ClassifiedFace(
    int index, Box box, Label label, float confidence, float detectorScore) {

  public ClassifiedFace {
    if (index < 0) {
      throw new IllegalArgumentException("face index must be >= 0, got " + index);
    }
    if (box == null || label == null) {
      throw new IllegalArgumentException("face " + index + " has no box or no label");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException(
          "face " + index + ": confidence must be within 0..1, got " + confidence);
    }
    if (!Float.isFinite(detectorScore)) {
      throw new IllegalArgumentException(
          "face " + index + ": detector score must be a number, got " + detectorScore);
    }
  }
}
