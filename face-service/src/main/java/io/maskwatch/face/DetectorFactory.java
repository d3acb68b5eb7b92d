package io.maskwatch.face;

import io.maskwatch.face.config.FaceConfig;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.HaarFaceDetector;
import io.maskwatch.vision.detect.HaarSettings;
import java.nio.file.Path;

/** Builds the detector {@code maskwatch.face.detector} names, with advice when it cannot. */
final class DetectorFactory {

  private DetectorFactory() {}

  /**
   * @throws DetectorUnavailableException with a message that says how to fix it
   */
  static FaceDetector create(FaceConfig config) {
    String name = config.detector().strip();
    if (!HaarFaceDetector.NAME.equals(name)) {
      throw new DetectorUnavailableException(
          "unknown face detector '"
              + name
              + "' (maskwatch.face.detector); this build has: "
              + HaarFaceDetector.NAME);
    }
    FaceConfig.Haar haar = config.haar();
    HaarSettings settings =
        new HaarSettings(
            Path.of(haar.cascade()), haar.scaleFactor(), haar.minNeighbors(), haar.minSize());
    try {
      return HaarFaceDetector.load(settings);
    } catch (DetectorUnavailableException e) {
      throw new DetectorUnavailableException(
          e.getMessage()
              + ". Install Debian's opencv-data package (apt-get install opencv-data), which puts"
              + " the cascades in /usr/share/opencv4/haarcascades/, or set"
              + " maskwatch.face.haar.cascade to a Haar cascade XML file.",
          e);
    }
  }
}
