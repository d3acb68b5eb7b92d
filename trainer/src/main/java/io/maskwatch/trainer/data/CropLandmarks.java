package io.maskwatch.trainer.data;

import java.util.Optional;
import org.opencv.core.Size;

/**
 * What the landmark pass learnt about one face crop: its size and, when YuNet found a face, the
 * largest face's landmarks.
 */
public record CropLandmarks(int width, int height, Optional<FaceLandmarks> landmarks) {

  public Size size() {
    return new Size(width, height);
  }
}
