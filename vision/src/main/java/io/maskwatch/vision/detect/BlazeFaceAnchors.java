package io.maskwatch.vision.detect;

import io.maskwatch.vision.detect.BlazeFaceModel.Grid;
import java.util.List;

/**
 * Anchors of a BlazeFace-style single-shot detector on an input of a given size, and the decoding
 * of its regressors, all in input pixels.
 *
 * <p>A grid of stride {@code s} cuts the input into cells of {@code s x s} pixels and puts its
 * anchors at the cell centres, {@code ((col + 0.5) s, (row + 0.5) s)}, row by row, each cell's
 * anchors one after another; grids follow each other in the model's output order. The anchors have
 * no size of their own (MediaPipe's "fixed anchor size": the regressors are absolute): for anchor
 * centre {@code (ax, ay)} and regressors {@code r}, the box centre is {@code (ax + r0, ay + r1)},
 * its size {@code r2 x r3}, and key point {@code k} is at {@code (ax + r[4 + 2k], ay + r[5 + 2k])}.
 */
public final class BlazeFaceAnchors {

  private final int width;
  private final int height;
  private final float[] centres;

  /** A decoded detection in input pixels. */
  public record Decoded(
      float centreX, float centreY, float width, float height, float[] keyPoints) {

    public float left() {
      return centreX - width / 2;
    }

    public float top() {
      return centreY - height / 2;
    }
  }

  /**
   * @param width input width in pixels, a multiple of every grid's stride
   * @param height input height in pixels, a multiple of every grid's stride
   */
  public BlazeFaceAnchors(int width, int height, List<Grid> grids) {
    for (Grid g : grids) {
      if (width < g.stride() || height < g.stride()) {
        throw new IllegalArgumentException(
            "input " + width + "x" + height + " is smaller than stride " + g.stride());
      }
      if (width % g.stride() != 0 || height % g.stride() != 0) {
        throw new IllegalArgumentException(
            "input " + width + "x" + height + " is not a multiple of stride " + g.stride());
      }
    }
    this.width = width;
    this.height = height;
    int total = grids.stream().mapToInt(g -> g.anchors(width, height)).sum();
    this.centres = new float[total * 2];
    int k = 0;
    for (Grid g : grids) {
      int s = g.stride();
      for (int row = 0; row < height / s; row++) {
        for (int col = 0; col < width / s; col++) {
          for (int a = 0; a < g.perCell(); a++) {
            centres[k++] = (col + 0.5f) * s;
            centres[k++] = (row + 0.5f) * s;
          }
        }
      }
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int count() {
    return centres.length / 2;
  }

  public float centreX(int anchor) {
    return centres[2 * anchor];
  }

  public float centreY(int anchor) {
    return centres[2 * anchor + 1];
  }

  /**
   * @param regressors {@link BlazeFaceModel#REGRESSORS} values per anchor, anchor after anchor
   * @param anchor which anchor's values to decode
   */
  public Decoded decode(float[] regressors, int anchor) {
    int base = anchor * BlazeFaceModel.REGRESSORS;
    float ax = centreX(anchor);
    float ay = centreY(anchor);
    float[] points = new float[BlazeFaceModel.KEY_POINTS * 2];
    for (int p = 0; p < BlazeFaceModel.KEY_POINTS; p++) {
      points[2 * p] = ax + regressors[base + 4 + 2 * p];
      points[2 * p + 1] = ay + regressors[base + 5 + 2 * p];
    }
    return new Decoded(
        ax + regressors[base],
        ay + regressors[base + 1],
        regressors[base + 2],
        regressors[base + 3],
        points);
  }

  /** The logistic function, with the logit clipped to +-100 as the models' post-processing does. */
  public static float sigmoid(float logit) {
    float x = Math.max(-100f, Math.min(100f, logit));
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /** The logit whose {@link #sigmoid} is {@code p} (0..1). */
  public static float logit(float p) {
    if (p <= 0) {
      return Float.NEGATIVE_INFINITY;
    }
    if (p >= 1) {
      return Float.POSITIVE_INFINITY;
    }
    return (float) Math.log(p / (1 - p));
  }
}
