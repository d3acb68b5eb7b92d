package io.maskwatch.face.domain;

import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.image.FaceCrops;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect2d;

/**
 * Turns detections into what the classifier reads: the box grown by a margin and made square
 * ({@link FaceCrops}, edge pixels repeated where it runs off the frame), resized to a square of
 * {@code size} pixels and JPEG-encoded. The margin must match what the classifier was trained and
 * evaluated with (0.10).
 */
public final class FaceCropper {

  private final double margin;
  private final int size;
  private final int jpegQuality;

  /**
   * @param margin fraction of the box added on each side, &gt;= 0
   * @param size side of the square crop in pixels, 8..1024
   * @param jpegQuality 1..100
   */
  public FaceCropper(double margin, int size, int jpegQuality) {
    if (!(margin >= 0) || margin > 1) {
      throw new IllegalArgumentException("crop margin must be within 0..1, got " + margin);
    }
    if (size < 8 || size > 1024) {
      throw new IllegalArgumentException("crop size must be within 8..1024 pixels, got " + size);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be within 1..100, got " + jpegQuality);
    }
    this.margin = margin;
    this.size = size;
    this.jpegQuality = jpegQuality;
  }

  public int size() {
    return size;
  }

  /**
   * Crops every detection that overlaps the frame, in the detector's order. A box reaching past the
   * frame is reported clipped to it (the crop still uses the whole box, padded); a box wholly
   * outside is dropped. Indexes count the faces kept, from 0.
   */
  public List<FoundFace> cropAll(Mat frame, List<Detection> detections) {
    List<FoundFace> faces = new ArrayList<>(detections.size());
    for (Detection detection : detections) {
      Box clipped = detection.box().clipTo(frame.cols(), frame.rows());
      if (clipped.isEmpty()) {
        continue;
      }
      byte[] jpeg = crop(frame, detection.box());
      faces.add(
          new FoundFace(faces.size(), clipped, detection.score(), detection.landmarks(), jpeg));
    }
    return faces;
  }

  /**
   * The JPEG of one face: {@code size} x {@code size} pixels.
   *
   * @throws IllegalArgumentException when the box has no area or lies wholly outside the frame
   */
  public byte[] crop(Mat frame, Box box) {
    return FaceCrops.squareJpeg(
        frame, new Rect2d(box.x(), box.y(), box.width(), box.height()), margin, size, jpegQuality);
  }
}
