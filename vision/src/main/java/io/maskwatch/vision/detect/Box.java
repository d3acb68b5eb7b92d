package io.maskwatch.vision.detect;

/** An axis-aligned box in frame pixels; {@code x, y} is the top-left corner. */
public record Box(int x, int y, int width, int height) {

  public Box {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("box size must not be negative: " + width + "x" + height);
    }
  }

  public long area() {
    return (long) width * height;
  }

  public boolean isEmpty() {
    return width == 0 || height == 0;
  }

  /** The part of this box inside a frame of the given size; empty when it lies wholly outside. */
  public Box clipTo(int frameWidth, int frameHeight) {
    int left = clamp(x, frameWidth);
    int top = clamp(y, frameHeight);
    int right = clamp((long) x + width, frameWidth);
    int bottom = clamp((long) y + height, frameHeight);
    return new Box(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
  }

  /** Whether the box lies wholly inside a frame of the given size. */
  public boolean isInside(int frameWidth, int frameHeight) {
    return x >= 0 && y >= 0 && (long) x + width <= frameWidth && (long) y + height <= frameHeight;
  }

  /** Intersection over union, 0 when the boxes do not overlap (or both are empty). */
  public double iou(Box other) {
    long left = Math.max(x, other.x);
    long top = Math.max(y, other.y);
    long right = Math.min((long) x + width, (long) other.x + other.width);
    long bottom = Math.min((long) y + height, (long) other.y + other.height);
    long intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
    long union = area() + other.area() - intersection;
    return union == 0 ? 0 : (double) intersection / union;
  }

  private static int clamp(long value, int limit) {
    return (int) Math.max(0, Math.min(value, limit));
  }
}
