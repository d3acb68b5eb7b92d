package io.maskwatch.trainer.data;

import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/** What the renderers of synthetic masks and occluders share: random draws and alpha blending. */
final class Rendering {

  private Rendering() {}

  /** Uniform in [low, high). */
  static double uniform(Random rnd, double low, double high) {
    return low + (high - low) * rnd.nextDouble();
  }

  /**
   * Lays {@code layer} over {@code image} in place, {@code image + alpha * (layer - image)} per
   * channel. Both images are float with 3 channels, {@code alpha} float with 1 (0..1); {@code
   * layer} is used up (overwritten).
   */
  static void blendOver(Mat image, Mat layer, Mat alpha) {
    Mat alpha3 = new Mat();
    Core.merge(List.of(alpha, alpha, alpha), alpha3);
    Core.subtract(layer, image, layer);
    Core.multiply(layer, alpha3, layer);
    Core.add(image, layer, image);
    alpha3.release();
  }
}
