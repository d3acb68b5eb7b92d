package io.maskwatch.trainer.data;

import java.util.List;
import java.util.Random;
import org.opencv.core.Scalar;

/** What kind of mask is drawn: its colours (BGR) and its surface details. */
public enum MaskStyle {
  /** Pleated surgical mask with ear loops. */
  SURGICAL(
      List.of(
          new Scalar(228, 196, 140), // light blue
          new Scalar(222, 206, 170), // pale blue
          new Scalar(196, 214, 164), // surgical green
          new Scalar(238, 238, 236), // white
          new Scalar(205, 190, 236), // pink
          new Scalar(70, 66, 62)), // black
      3,
      true,
      false),
  /** Fabric mask: a seam down the middle, a rounder shape, woven texture. */
  CLOTH(
      List.of(
          new Scalar(38, 36, 36), // black
          new Scalar(132, 132, 130), // grey
          new Scalar(92, 54, 38), // navy
          new Scalar(150, 110, 70), // denim
          new Scalar(140, 175, 200), // beige
          new Scalar(60, 60, 150), // dark red
          new Scalar(214, 214, 210)), // off-white
      0,
      false,
      true),
  /** KN95-style folded respirator: a crease down the middle, two shaded halves. */
  RESPIRATOR(
      List.of(
          new Scalar(240, 240, 238), // white
          new Scalar(200, 204, 208), // light grey
          new Scalar(50, 48, 48)), // black
      0,
      true,
      true);

  private final List<Scalar> colors;
  private final int pleats;
  private final boolean earLoops;
  private final boolean centreSeam;

  MaskStyle(List<Scalar> colors, int pleats, boolean earLoops, boolean centreSeam) {
    this.colors = colors;
    this.pleats = pleats;
    this.earLoops = earLoops;
    this.centreSeam = centreSeam;
  }

  /** Surgical masks are the most common in the wild, so they are drawn most often. */
  public static MaskStyle random(Random rnd) {
    double r = rnd.nextDouble();
    return r < 0.55 ? SURGICAL : r < 0.85 ? CLOTH : RESPIRATOR;
  }

  /** One of the style's colours, jittered a little per channel. */
  public Scalar randomColor(Random rnd) {
    Scalar base = colors.get(rnd.nextInt(colors.size()));
    double[] v = new double[3];
    for (int c = 0; c < 3; c++) {
      v[c] = Math.max(0, Math.min(255, base.val[c] + (rnd.nextDouble() - 0.5) * 24));
    }
    return new Scalar(v[0], v[1], v[2]);
  }

  public int pleats() {
    return pleats;
  }

  public boolean earLoops() {
    return earLoops;
  }

  public boolean centreSeam() {
    return centreSeam;
  }
}
