package io.maskwatch.trainer.data;

import org.opencv.core.Point;

/**
 * YuNet's five landmarks of one face, in image pixels. "Right" and "left" are the person's: the
 * right eye is the one on the image's left in a frontal photo.
 *
 * @param boxX face box left
 * @param boxY face box top
 * @param boxWidth face box width
 * @param boxHeight face box height
 * @param score detector confidence
 */
public record FaceLandmarks(
    double boxX,
    double boxY,
    double boxWidth,
    double boxHeight,
    double rightEyeX,
    double rightEyeY,
    double leftEyeX,
    double leftEyeY,
    double noseX,
    double noseY,
    double rightMouthX,
    double rightMouthY,
    double leftMouthX,
    double leftMouthY,
    double score) {

  /** YuNet's row layout: box (4), five landmarks (10), score. */
  public static FaceLandmarks fromYuNetRow(float[] row) {
    if (row.length < 15) {
      throw new IllegalArgumentException("A YuNet row has 15 values, got " + row.length);
    }
    return new FaceLandmarks(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
        row[11], row[12], row[13], row[14]);
  }

  public double[] toArray() {
    return new double[] {
      boxX,
      boxY,
      boxWidth,
      boxHeight,
      rightEyeX,
      rightEyeY,
      leftEyeX,
      leftEyeY,
      noseX,
      noseY,
      rightMouthX,
      rightMouthY,
      leftMouthX,
      leftMouthY,
      score
    };
  }

  public static FaceLandmarks fromArray(double[] v) {
    if (v.length != 15) {
      throw new IllegalArgumentException("Landmarks have 15 values, got " + v.length);
    }
    return new FaceLandmarks(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
        v[14]);
  }

  /** The same face seen in an image shifted by (-dx, -dy): a crop or a padding removed. */
  public FaceLandmarks translated(double dx, double dy) {
    return new FaceLandmarks(
        boxX + dx,
        boxY + dy,
        boxWidth,
        boxHeight,
        rightEyeX + dx,
        rightEyeY + dy,
        leftEyeX + dx,
        leftEyeY + dy,
        noseX + dx,
        noseY + dy,
        rightMouthX + dx,
        rightMouthY + dy,
        leftMouthX + dx,
        leftMouthY + dy,
        score);
  }

  /** The same face in an image scaled by {@code factor}. */
  public FaceLandmarks scaled(double factor) {
    double[] v = toArray();
    for (int i = 0; i < 14; i++) {
      v[i] *= factor;
    }
    return fromArray(v);
  }

  public Point rightEye() {
    return new Point(rightEyeX, rightEyeY);
  }

  public Point leftEye() {
    return new Point(leftEyeX, leftEyeY);
  }

  public Point nose() {
    return new Point(noseX, noseY);
  }

  public Point mouthCenter() {
    return new Point((rightMouthX + leftMouthX) / 2, (rightMouthY + leftMouthY) / 2);
  }

  public double eyeDistance() {
    return Math.hypot(leftEyeX - rightEyeX, leftEyeY - rightEyeY);
  }
}
