package io.maskwatch.trainer.data;

import java.util.Optional;
import org.opencv.core.Point;

/**
 * A face-aligned frame: origin between the eyes, u along the eye line (towards the image's right
 * for an upright face), v perpendicular to it (down the face), one unit = the eye distance. Mask
 * shapes are designed in it, so they turn, scale and shift with the face.
 *
 * @param originX image x of the point between the eyes
 * @param originY image y of that point
 * @param axisX x of the unit vector along the eye line
 * @param axisY y of that vector
 * @param eyeDistance pixels per unit
 * @param noseU nose tip in face units
 * @param noseV nose tip in face units
 * @param mouthU mouth centre in face units
 * @param mouthV mouth centre in face units
 */
public record FaceFrame(
    double originX,
    double originY,
    double axisX,
    double axisY,
    double eyeDistance,
    double noseU,
    double noseV,
    double mouthU,
    double mouthV) {

  /** Faces smaller than this (eye distance, px) are too small to draw a mask on well. */
  public static final double MIN_EYE_DISTANCE = 8;

  /**
   * The frame of a face, or empty when the landmarks do not look like an upright, roughly frontal
   * face (eyes too close, nose or mouth not below the eyes in order, face turned far aside).
   */
  public static Optional<FaceFrame> of(FaceLandmarks lm) {
    double d = lm.eyeDistance();
    if (!(d >= MIN_EYE_DISTANCE)) {
      return Optional.empty();
    }
    double ax = (lm.leftEyeX() - lm.rightEyeX()) / d;
    double ay = (lm.leftEyeY() - lm.rightEyeY()) / d;
    double ox = (lm.leftEyeX() + lm.rightEyeX()) / 2;
    double oy = (lm.leftEyeY() + lm.rightEyeY()) / 2;
    FaceFrame probe = new FaceFrame(ox, oy, ax, ay, d, 0, 0, 0, 0);
    Point nose = probe.toFace(lm.nose());
    Point mouth = probe.toFace(lm.mouthCenter());
    boolean upright = ax > 0.5;
    boolean ordered = nose.y > 0.2 && nose.y < 1.3 && mouth.y > nose.y + 0.15 && mouth.y < 2.0;
    boolean frontal = Math.abs(nose.x) < 0.6 && Math.abs(mouth.x) < 0.6;
    if (!upright || !ordered || !frontal) {
      return Optional.empty();
    }
    return Optional.of(new FaceFrame(ox, oy, ax, ay, d, nose.x, nose.y, mouth.x, mouth.y));
  }

  /** The chin's v: as far below the mouth as 0.55 of the eye-to-mouth distance. */
  public double chinV() {
    return mouthV + 0.55 * mouthV;
  }

  public Point toImage(double u, double v) {
    return new Point(
        originX + eyeDistance * (u * axisX - v * axisY),
        originY + eyeDistance * (u * axisY + v * axisX));
  }

  public Point toFace(Point p) {
    double dx = p.x - originX;
    double dy = p.y - originY;
    return new Point(
        (dx * axisX + dy * axisY) / eyeDistance, (-dx * axisY + dy * axisX) / eyeDistance);
  }
}
