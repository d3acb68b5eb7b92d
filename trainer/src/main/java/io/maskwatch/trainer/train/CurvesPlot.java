package io.maskwatch.trainer.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Draws loss and accuracy per epoch (training and validation) side by side as a PNG. */
public final class CurvesPlot {

  private static final int PANEL_W = 520;
  private static final int PANEL_H = 360;
  private static final int MARGIN = 48;
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color VAL = new Color(0xff7f0e);

  private CurvesPlot() {}

  public static void write(List<EpochStats> history, int bestEpoch, Path png) throws IOException {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot");
    }
    BufferedImage image = new BufferedImage(PANEL_W * 2, PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      panel(g, 0, "loss", history, bestEpoch, EpochStats::trainLoss, EpochStats::valLoss);
      panel(
          g,
          PANEL_W,
          "accuracy",
          history,
          bestEpoch,
          EpochStats::trainAccuracy,
          EpochStats::valAccuracy);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static void panel(
      Graphics2D g,
      int x0,
      String title,
      List<EpochStats> history,
      int bestEpoch,
      ToDoubleFunction<EpochStats> train,
      ToDoubleFunction<EpochStats> val) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (EpochStats s : history) {
      for (double v : new double[] {train.applyAsDouble(s), val.applyAsDouble(s)}) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!Double.isFinite(min)) {
      min = 0;
      max = 1;
    }
    if (max - min < 1e-6) {
      max = min + 1e-3;
    }
    double pad = (max - min) * 0.08;
    min -= pad;
    max += pad;
    int left = x0 + MARGIN;
    int right = x0 + PANEL_W - 16;
    int top = 32;
    int bottom = PANEL_H - MARGIN;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, left, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    for (int i = 0; i <= 4; i++) {
      double v = min + (max - min) * i / 4;
      int y = bottom - (int) ((bottom - top) * i / 4.0);
      g.setColor(new Color(0xdddddd));
      g.drawLine(left + 1, y, right, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.3f", v), x0 + 4, y + 4);
    }
    int n = history.size();
    for (EpochStats s : history) {
      int x = xFor(s.epoch(), n, left, right);
      g.setColor(Color.DARK_GRAY);
      if (n <= 20 || s.epoch() % 5 == 0) {
        g.drawString(Integer.toString(s.epoch()), x - 4, bottom + 14);
      }
    }
    g.drawString("epoch", (left + right) / 2 - 14, bottom + 30);
    if (bestEpoch > 0) {
      int x = xFor(bestEpoch, n, left, right);
      g.setColor(new Color(0x2ca02c));
      g.setStroke(
          new BasicStroke(
              1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f}, 0f));
      g.drawLine(x, top, x, bottom);
      g.drawString("best", x + 3, top + 10);
    }
    series(g, history, train, TRAIN, min, max, left, right, top, bottom);
    series(g, history, val, VAL, min, max, left, right, top, bottom);
    g.setColor(TRAIN);
    g.drawString("train", right - 90, top + 4);
    g.setColor(VAL);
    g.drawString("validation", right - 90, top + 18);
  }

  private static void series(
      Graphics2D g,
      List<EpochStats> history,
      ToDoubleFunction<EpochStats> f,
      Color color,
      double min,
      double max,
      int left,
      int right,
      int top,
      int bottom) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    int n = history.size();
    int px = -1;
    int py = -1;
    for (EpochStats s : history) {
      double v = f.applyAsDouble(s);
      if (!Double.isFinite(v)) {
        continue;
      }
      int x = xFor(s.epoch(), n, left, right);
      int y = bottom - (int) Math.round((v - min) / (max - min) * (bottom - top));
      g.fillOval(x - 3, y - 3, 6, 6);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      px = x;
      py = y;
    }
  }

  private static int xFor(int epoch, int n, int left, int right) {
    return n <= 1
        ? (left + right) / 2
        : left + 8 + (int) ((right - left - 16) * (epoch - 1.0) / (n - 1));
  }
}
