package io.maskwatch.alert.domain;

/** A face's box in the pixels of its frame. It may reach past the frame's edges; never empty. */
public record Box(int x, int y, int width, int height) {

  public Box {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "box has no area: " + width + "x" + height + " at (" + x + "," + y + ")");
    }
  }
}
