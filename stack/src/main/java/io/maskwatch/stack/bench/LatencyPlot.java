package io.maskwatch.stack.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A PNG line chart of frame-to-verdict latency percentiles against the offered load. */
public final class LatencyPlot {

  /** One load step: offered frames/s, sustained frames/s, and latency percentiles in ms. */
  public record Point(double offered, double sustained, double p50, double p95, double p99) {}

  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private LatencyPlot() {}

  public static void write(List<Point> points, String title, Path png) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double maxX = points.stream().mapToDouble(Point::offered).max().orElse(1) * 1.1;
    double maxY =
        Math.max(1000, points.stream().mapToDouble(Point::p99).max().orElse(1000) * 1.1) / 1000.0;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(new Color(230, 230, 230));
    for (int i = 0; i <= 5; i++) {
      int y = TOP + plotH - plotH * i / 5;
      g.drawLine(LEFT, y, LEFT + plotW, y);
      int x = LEFT + plotW * i / 5;
      g.drawLine(x, TOP, x, TOP + plotH);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (int i = 0; i <= 5; i++) {
      int y = TOP + plotH - plotH * i / 5;
      g.drawString(String.format(Locale.ROOT, "%.1f s", maxY * i / 5), 20, y + 5);
      int x = LEFT + plotW * i / 5;
      g.drawString(String.format(Locale.ROOT, "%.0f", maxX * i / 5), x - 8, TOP + plotH + 20);
    }
    g.drawString("offered load, frames/s (720p)", LEFT + plotW / 2 - 90, HEIGHT - 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, 30);
    // 1 s target line
    int target = TOP + plotH - (int) (plotH * (1.0 / maxY));
    g.setColor(new Color(200, 0, 0));
    g.setStroke(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f}, 0));
    g.drawLine(LEFT, target, LEFT + plotW, target);
    g.drawString("p95 target 1 s", LEFT + plotW - 110, target - 6);
    Color[] colours = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(86, 86, 86)};
    String[] names = {"p50", "p95", "p99"};
    g.setStroke(new BasicStroke(2.5f));
    for (int s = 0; s < 3; s++) {
      g.setColor(colours[s]);
      int px = -1;
      int py = -1;
      for (Point p : points) {
        double v = (s == 0 ? p.p50() : s == 1 ? p.p95() : p.p99()) / 1000.0;
        int x = LEFT + (int) (plotW * p.offered() / maxX);
        int y = TOP + plotH - (int) (plotH * Math.min(v, maxY) / maxY);
        g.fillOval(x - 4, y - 4, 8, 8);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(LEFT + 15, TOP + 12 + 20 * s, 14, 4);
      g.drawString(names[s], LEFT + 35, TOP + 18 + 20 * s);
    }
    g.dispose();
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(image, "png", png.toFile());
  }
}
