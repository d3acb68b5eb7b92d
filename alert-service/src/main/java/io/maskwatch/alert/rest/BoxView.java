package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.Box;

/** A face's box in frame pixels. */
public record BoxView(int x, int y, int width, int height) {

  static BoxView of(Box box) {
    return new BoxView(box.x(), box.y(), box.width(), box.height());
  }
}
