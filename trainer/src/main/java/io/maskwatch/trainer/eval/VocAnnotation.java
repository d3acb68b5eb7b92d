package io.maskwatch.trainer.eval;

import java.util.List;

/** One PASCAL VOC annotation file: the image it describes and its labelled boxes. */
public record VocAnnotation(String filename, int width, int height, List<VocObject> objects) {

  public VocAnnotation {
    objects = List.copyOf(objects);
  }

  /** A labelled box; coordinates in pixels as written ({@code xmax}/{@code ymax} exclusive). */
  public record VocObject(String name, BoundingBox box) {}

  /** Axis-aligned box in pixels. */
  public record BoundingBox(double xmin, double ymin, double xmax, double ymax) {
    public BoundingBox {
      if (!(xmax > xmin) || !(ymax > ymin)) {
        throw new IllegalArgumentException(
            "Empty box: xmin=" + xmin + " ymin=" + ymin + " xmax=" + xmax + " ymax=" + ymax);
      }
    }

    public double width() {
      return xmax - xmin;
    }

    public double height() {
      return ymax - ymin;
    }

    public double minSide() {
      return Math.min(width(), height());
    }
  }
}
