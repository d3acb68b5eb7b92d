package io.maskwatch.vision.detect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link YuNetFaceDetector} runs OpenCV's {@code FaceDetectorYN}.
 *
 * <p>Every frame is searched once whole, resized so that its longer side is {@code inputSize}
 * pixels (small frames are upscaled: YuNet's smallest anchors are about 10 px, so a 12 px face in a
 * 400 px photo is found only after upscaling). With {@code tileSize > 0}, a frame whose longer side
 * is larger than {@code tileSize} is also cut into square tiles of {@code tileSize} frame pixels,
 * overlapping by {@code tileOverlap} of a tile, and each tile is searched resized the same way (its
 * longer side to {@code inputSize}); the detections of all passes are merged by non-maximum
 * suppression. Small tiles find small faces in large frames and, upscaled, in small ones; each tile
 * costs about one more whole-frame search.
 *
 * @param model the ONNX file ({@code yunet-legacy.onnx}, the 2022 release, measures better than the
 *     2023 {@code face_detection_yunet_2023mar.onnx})
 * @param scoreThreshold detections scoring below this are dropped, 0..1 (0.3 measured best for AP
 *     on kaggle853-dev)
 * @param nmsThreshold detections overlapping a better one by more than this IoU are dropped, 0..1;
 *     within a pass (by OpenCV) and across passes
 * @param topK the most candidates kept per pass before NMS
 * @param minFaceSize detections whose shorter side is below this many frame pixels are dropped (0
 *     keeps all)
 * @param inputSize longer side, in pixels, each pass is resized to; 0 searches at native size
 * @param tileSize side of a tile in frame pixels; 0 turns tiling off
 * @param tileOverlap fraction of a tile shared with its neighbour, 0..0.5
 * @param boxShift YuNet's box is moved down by this fraction of its height, -0.5..0.5
 * @param boxHeightScale then its height is multiplied by this, 0.5..1.5. YuNet's boxes start higher
 *     on the forehead than the tight face boxes of the mask data sets (the classifier's training
 *     crops and kaggle853-dev): matched boxes' centres sit 0.13 of the height lower and are 0.90 as
 *     tall (medians on kaggle853-dev). 0.15 / 0.95 raises face AP at IoU 0.5 there from 0.75 to
 *     0.81; 0 / 1 keeps YuNet's own boxes. Landmarks are not moved.
 */
public record YuNetSettings(
    Path model,
    float scoreThreshold,
    float nmsThreshold,
    int topK,
    int minFaceSize,
    int inputSize,
    int tileSize,
    double tileOverlap,
    double boxShift,
    double boxHeightScale) {

  public static final float DEFAULT_SCORE_THRESHOLD = 0.3f;
  public static final float DEFAULT_NMS_THRESHOLD = 0.3f;
  public static final int DEFAULT_TOP_K = 5000;

  /**
   * 768 rather than 640: face AP 0.828 against 0.810 on kaggle853-dev (small faces found: 68 %
   * against 64 %), at 39 ms against 27 ms per image on one core (docs/evaluation.md, issue 4).
   */
  public static final int DEFAULT_INPUT_SIZE = 768;

  public static final double DEFAULT_BOX_SHIFT = 0.15;
  public static final double DEFAULT_BOX_HEIGHT_SCALE = 0.95;

  public YuNetSettings {
    Objects.requireNonNull(model, "model");
    if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
      throw new IllegalArgumentException(
          "YuNet score threshold must be within 0..1, got " + scoreThreshold);
    }
    if (!(nmsThreshold >= 0 && nmsThreshold <= 1)) {
      throw new IllegalArgumentException(
          "YuNet NMS threshold must be within 0..1, got " + nmsThreshold);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("YuNet top-k must be >= 1, got " + topK);
    }
    if (minFaceSize < 0) {
      throw new IllegalArgumentException("min face size must be >= 0 pixels, got " + minFaceSize);
    }
    if (inputSize != 0 && (inputSize < 32 || inputSize > 4096)) {
      throw new IllegalArgumentException(
          "YuNet input size must be 0 (native) or within 32..4096 pixels, got " + inputSize);
    }
    SearchChecks.checkTilesAndBoxFit(tileSize, tileOverlap, boxShift, boxHeightScale);
  }

  /**
   * The defaults: threshold 0.3, NMS 0.3, longer side 768, no tiling, no minimum size, boxes fitted
   * to tight face boxes (shift 0.15, height 0.95).
   */
  public static YuNetSettings defaults(Path model) {
    return new YuNetSettings(
        model,
        DEFAULT_SCORE_THRESHOLD,
        DEFAULT_NMS_THRESHOLD,
        DEFAULT_TOP_K,
        0,
        DEFAULT_INPUT_SIZE,
        0,
        0.25,
        DEFAULT_BOX_SHIFT,
        DEFAULT_BOX_HEIGHT_SCALE);
  }

  public YuNetSettings withTiles(int size, double overlap) {
    return new YuNetSettings(
        model,
        scoreThreshold,
        nmsThreshold,
        topK,
        minFaceSize,
        inputSize,
        size,
        overlap,
        boxShift,
        boxHeightScale);
  }

  public YuNetSettings withInputSize(int size) {
    return new YuNetSettings(
        model,
        scoreThreshold,
        nmsThreshold,
        topK,
        minFaceSize,
        size,
        tileSize,
        tileOverlap,
        boxShift,
        boxHeightScale);
  }

  public YuNetSettings withBoxFit(double shift, double heightScale) {
    return new YuNetSettings(
        model,
        scoreThreshold,
        nmsThreshold,
        topK,
        minFaceSize,
        inputSize,
        tileSize,
        tileOverlap,
        shift,
        heightScale);
  }

  public YuNetSettings withMinFaceSize(int size) {
    return new YuNetSettings(
        model,
        scoreThreshold,
        nmsThreshold,
        topK,
        size,
        inputSize,
        tileSize,
        tileOverlap,
        boxShift,
        boxHeightScale);
  }
}
