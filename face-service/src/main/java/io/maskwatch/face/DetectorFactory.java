package io.maskwatch.face;

import io.maskwatch.face.config.FaceConfig;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.HaarFaceDetector;
import io.maskwatch.vision.detect.HaarSettings;
import io.maskwatch.vision.detect.YuNetFaceDetector;
import io.maskwatch.vision.detect.YuNetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Builds the detector {@code maskwatch.face.detector} names, with advice when it cannot. */
final class DetectorFactory {

  static final String AUTO = "auto";

  /** Which detector is used and why, in words for the log. */
  record Choice(String name, String why) {}

  private DetectorFactory() {}

  /**
   * Resolves {@code auto}: YuNet when {@code maskwatch.face.yunet.model} names a readable file,
   * else Haar.
   *
   * @throws DetectorUnavailableException for an unknown detector name
   */
  static Choice choose(FaceConfig config) {
    String name = config.detector().strip().toLowerCase(Locale.ROOT);
    Optional<String> model = config.yunet().model().map(String::strip).filter(m -> !m.isEmpty());
    switch (name) {
      case HaarFaceDetector.NAME:
        return new Choice(name, "maskwatch.face.detector=haar");
      case YuNetFaceDetector.NAME:
        return new Choice(name, "maskwatch.face.detector=yunet");
      case AUTO:
        if (model.isEmpty()) {
          return new Choice(
              HaarFaceDetector.NAME,
              "auto: no YuNet model configured (maskwatch.face.yunet.model), so the Haar cascade;"
                  + " it finds about 1 face in 6 on crowded masked scenes, YuNet about 4 in 5");
        }
        Path file = Path.of(model.get());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
          return new Choice(
              HaarFaceDetector.NAME,
              "auto: YuNet model "
                  + file
                  + " (maskwatch.face.yunet.model) is not a readable file, so the Haar cascade");
        }
        return new Choice(YuNetFaceDetector.NAME, "auto: YuNet model " + file + " is readable");
      default:
        throw new DetectorUnavailableException(
            "unknown face detector '"
                + config.detector()
                + "' (maskwatch.face.detector); this build has: haar, yunet, auto");
    }
  }

  /**
   * @param name {@code haar} or {@code yunet}, as {@link #choose} resolved it
   * @throws DetectorUnavailableException with a message that says how to fix it
   */
  static FaceDetector create(FaceConfig config, String name) {
    return YuNetFaceDetector.NAME.equals(name) ? yunet(config) : haar(config);
  }

  /** The settings in use, for the start-up log line. */
  static String describe(FaceConfig config, String name) {
    if (YuNetFaceDetector.NAME.equals(name)) {
      FaceConfig.YuNet y = config.yunet();
      return String.format(
          Locale.ROOT,
          "model %s, score threshold %.2f, NMS %.2f, input size %d, tiles %s, min face %d px",
          y.model().orElse("(none)"),
          y.scoreThreshold(),
          y.nmsThreshold(),
          y.inputSize(),
          y.tileSize() == 0 ? "off" : y.tileSize() + " px overlap " + y.tileOverlap(),
          y.minFaceSize());
    }
    FaceConfig.Haar h = config.haar();
    return String.format(
        Locale.ROOT,
        "cascade %s, scale factor %s, min neighbours %d, min size %d px",
        h.cascade(),
        h.scaleFactor(),
        h.minNeighbors(),
        h.minSize());
  }

  private static FaceDetector yunet(FaceConfig config) {
    FaceConfig.YuNet y = config.yunet();
    Optional<String> model = y.model().map(String::strip).filter(m -> !m.isEmpty());
    if (model.isEmpty()) {
      throw new DetectorUnavailableException(
          "maskwatch.face.detector=yunet but no model is configured: set"
              + " maskwatch.face.yunet.model to the YuNet ONNX file (face_detection_yunet_2022mar,"
              + " e.g. ../shared/models/face/yunet-legacy.onnx), or set maskwatch.face.detector to"
              + " auto or haar.");
    }
    YuNetSettings settings =
        new YuNetSettings(
            Path.of(model.get()),
            y.scoreThreshold(),
            y.nmsThreshold(),
            y.topK(),
            y.minFaceSize(),
            y.inputSize(),
            y.tileSize(),
            y.tileOverlap());
    try {
      return YuNetFaceDetector.load(settings);
    } catch (DetectorUnavailableException e) {
      throw new DetectorUnavailableException(
          e.getMessage()
              + ". Set maskwatch.face.yunet.model to the YuNet ONNX file"
              + " (face_detection_yunet_2022mar, e.g. ../shared/models/face/yunet-legacy.onnx),"
              + " or set maskwatch.face.detector to auto or haar.",
          e);
    }
  }

  private static FaceDetector haar(FaceConfig config) {
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
