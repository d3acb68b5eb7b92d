package io.maskwatch.face.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** face-service settings; every key is listed with its default in the module README. */
@ConfigMapping(prefix = "maskwatch.face")
public interface FaceConfig {

  /** Which detector finds faces. This build has {@code haar}. */
  @WithDefault("haar")
  String detector();

  Haar haar();

  /** Side of the square JPEG crop sent for each face, in pixels. */
  @WithDefault("128")
  int cropSize();

  /**
   * Fraction of the face box added on each side before the crop is made square; 0.10 is what the
   * mask classifier was trained and evaluated with.
   */
  @WithDefault("0.10")
  double cropMargin();

  /** JPEG quality of the crops, 1..100. */
  @WithDefault("90")
  int jpegQuality();

  /** Largest frame (width x height) decoded; larger ones go to dead-letters. */
  @WithDefault("40000000")
  long maxPixels();

  /** OpenCV's Haar cascade detector. */
  interface Haar {

    /** The cascade XML file; Debian's opencv-data package installs this one. */
    @WithDefault("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")
    String cascade();

    /** Growth of the search window between scales (&gt; 1). */
    @WithDefault("1.1")
    double scaleFactor();

    /** Overlapping raw hits a face needs to be kept. */
    @WithDefault("5")
    int minNeighbors();

    /** Smallest face searched for, in pixels. */
    @WithDefault("24")
    int minSize();
  }
}
