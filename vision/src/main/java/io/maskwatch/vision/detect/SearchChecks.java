package io.maskwatch.vision.detect;

/**
 * Checks of the settings every tiled, box-fitted detector shares (YuNet, BlazeFace): one place for
 * their ranges and messages.
 */
final class SearchChecks {

  private SearchChecks() {}

  /**
   * @throws IllegalArgumentException naming the first setting out of range
   */
  static void checkTilesAndBoxFit(
      int tileSize, double tileOverlap, double boxShift, double boxHeightScale) {
    if (tileSize != 0 && tileSize < 32) {
      throw new IllegalArgumentException(
          "tile size must be 0 (no tiling) or >= 32 pixels, got " + tileSize);
    }
    if (!(tileOverlap >= 0 && tileOverlap <= 0.5)) {
      throw new IllegalArgumentException("tile overlap must be within 0..0.5, got " + tileOverlap);
    }
    if (!(boxShift >= -0.5 && boxShift <= 0.5)) {
      throw new IllegalArgumentException("box shift must be within -0.5..0.5, got " + boxShift);
    }
    if (!(boxHeightScale >= 0.5 && boxHeightScale <= 1.5)) {
      throw new IllegalArgumentException(
          "box height scale must be within 0.5..1.5, got " + boxHeightScale);
    }
  }
}
