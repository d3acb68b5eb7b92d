package io.maskwatch.trainer.data;

/**
 * Ranges of the on-the-fly augmentation; each draw is uniform in its range.
 *
 * @param rotationDegrees largest rotation either way
 * @param zoomMin smallest scale (below 1 zooms out)
 * @param zoomMax largest scale
 * @param shift largest translation either way, as a fraction of width and height
 * @param shear largest horizontal shear factor either way
 * @param flipProbability chance of a horizontal mirror
 * @param brightness largest relative brightness change either way (0.25: ×0.75–1.25)
 * @param contrast largest relative contrast change either way, around the image mean
 * @param lowResProbability chance of shrinking the short side to {@code lowResMinSide..
 *     lowResMaxSide} px and scaling back up, as far-away faces in scene images look
 * @param lowResMinSide smallest short side of the shrunk image, px
 * @param lowResMaxSide largest short side of the shrunk image, px
 * @param jpegProbability chance of a JPEG re-encode
 * @param jpegMinQuality lowest JPEG quality
 * @param jpegMaxQuality highest JPEG quality
 * @param blurProbability chance of a slight Gaussian blur
 * @param blurMaxSigma largest blur sigma, px (the smallest is 0.3)
 * @param hueDegrees largest hue rotation either way, degrees of the colour wheel (0: off); masks
 *     come in every colour, and a model that has seen few pink or yellow ones takes them for skin
 * @param saturation largest relative saturation change either way (0.3: ×0.7–1.3)
 * @param occludeProbability chance of the back of another head over the lower face ({@link
 *     Occluder}; applied by {@link TrainingSet}, which knows the label)
 */
public record AugmentConfig(
    double rotationDegrees,
    double zoomMin,
    double zoomMax,
    double shift,
    double shear,
    double flipProbability,
    double brightness,
    double contrast,
    double lowResProbability,
    int lowResMinSide,
    int lowResMaxSide,
    double jpegProbability,
    int jpegMinQuality,
    int jpegMaxQuality,
    double blurProbability,
    double blurMaxSigma,
    double hueDegrees,
    double saturation,
    double occludeProbability) {

  public AugmentConfig {
    if (zoomMin <= 0 || zoomMax < zoomMin) {
      throw new IllegalArgumentException(
          "Zoom range must be 0 < min <= max: " + zoomMin + ".." + zoomMax);
    }
    if (lowResMinSide < 2 || lowResMaxSide < lowResMinSide) {
      throw new IllegalArgumentException(
          "Low-resolution sides must be 2 <= min <= max: " + lowResMinSide + ".." + lowResMaxSide);
    }
    if (jpegMinQuality < 1 || jpegMaxQuality > 100 || jpegMaxQuality < jpegMinQuality) {
      throw new IllegalArgumentException(
          "JPEG qualities must be 1 <= min <= max <= 100: "
              + jpegMinQuality
              + ".."
              + jpegMaxQuality);
    }
    if (brightness < 0 || brightness >= 1 || contrast < 0 || contrast >= 1) {
      throw new IllegalArgumentException(
          "Brightness and contrast changes must be in [0, 1): " + brightness + ", " + contrast);
    }
    if (hueDegrees < 0 || hueDegrees > 180 || saturation < 0 || saturation >= 1) {
      throw new IllegalArgumentException(
          "Hue rotation must be in [0, 180] degrees and saturation change in [0, 1): "
              + hueDegrees
              + ", "
              + saturation);
    }
    if (occludeProbability < 0 || occludeProbability > 1) {
      throw new IllegalArgumentException(
          "Occlusion probability must be in [0, 1]: " + occludeProbability);
    }
  }

  /** The defaults the trainer uses. */
  public static AugmentConfig defaults() {
    return new AugmentConfig(
        15, 0.85, 1.15, 0.1, 0.15, 0.5, 0.25, 0.1, 0.5, 16, 64, 0.3, 30, 90, 0.2, 1.0, 0, 0, 0);
  }

  /** Every step off: the output equals the input. Start here to test one step alone. */
  public static AugmentConfig off() {
    return new AugmentConfig(0, 1, 1, 0, 0, 0, 0, 0, 0, 16, 64, 0, 30, 90, 0, 1.0, 0, 0, 0);
  }

  public AugmentConfig withGeometry(
      double rotation, double zoomLow, double zoomHigh, double shiftFraction, double shearFactor) {
    return new AugmentConfig(
        rotation,
        zoomLow,
        zoomHigh,
        shiftFraction,
        shearFactor,
        flipProbability,
        brightness,
        contrast,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        blurProbability,
        blurMaxSigma,
        hueDegrees,
        saturation,
        occludeProbability);
  }

  public AugmentConfig withFlip(double probability) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        probability,
        brightness,
        contrast,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        blurProbability,
        blurMaxSigma,
        hueDegrees,
        saturation,
        occludeProbability);
  }

  public AugmentConfig withColor(double brightnessChange, double contrastChange) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        flipProbability,
        brightnessChange,
        contrastChange,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        blurProbability,
        blurMaxSigma,
        hueDegrees,
        saturation,
        occludeProbability);
  }

  public AugmentConfig withLowRes(double probability, int minSide, int maxSide) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        flipProbability,
        brightness,
        contrast,
        probability,
        minSide,
        maxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        blurProbability,
        blurMaxSigma,
        hueDegrees,
        saturation,
        occludeProbability);
  }

  public AugmentConfig withJpeg(double probability, int minQuality, int maxQuality) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        flipProbability,
        brightness,
        contrast,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        probability,
        minQuality,
        maxQuality,
        blurProbability,
        blurMaxSigma,
        hueDegrees,
        saturation,
        occludeProbability);
  }

  public AugmentConfig withBlur(double probability, double maxSigma) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        flipProbability,
        brightness,
        contrast,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        probability,
        maxSigma,
        hueDegrees,
        saturation,
        occludeProbability);
  }

  public AugmentConfig withHueSaturation(double hue, double saturationChange) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        flipProbability,
        brightness,
        contrast,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        blurProbability,
        blurMaxSigma,
        hue,
        saturationChange,
        occludeProbability);
  }

  public AugmentConfig withOcclusion(double probability) {
    return new AugmentConfig(
        rotationDegrees,
        zoomMin,
        zoomMax,
        shift,
        shear,
        flipProbability,
        brightness,
        contrast,
        lowResProbability,
        lowResMinSide,
        lowResMaxSide,
        jpegProbability,
        jpegMinQuality,
        jpegMaxQuality,
        blurProbability,
        blurMaxSigma,
        hueDegrees,
        saturation,
        probability);
  }
}
