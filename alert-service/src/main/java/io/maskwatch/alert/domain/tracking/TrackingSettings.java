package io.maskwatch.alert.domain.tracking;

import java.time.Duration;

/**
 * How faces are associated across a camera's frames.
 *
 * @param minIou a face continues a track when its box overlaps the track's predicted box by at
 *     least this intersection-over-union, 0..1
 * @param maxCentreDistance or when its centre lies within this many face widths of the predicted
 *     centre
 * @param maxGap a track not seen for longer than this (by capture time) is closed
 */
public record TrackingSettings(double minIou, double maxCentreDistance, Duration maxGap) {

  public TrackingSettings {
    if (!(minIou > 0 && minIou <= 1)) {
      throw new IllegalArgumentException("min IoU must lie within (0, 1], got " + minIou);
    }
    if (!(maxCentreDistance >= 0)) {
      throw new IllegalArgumentException(
          "max centre distance must be >= 0, got " + maxCentreDistance);
    }
    if (maxGap.isNegative() || maxGap.isZero()) {
      throw new IllegalArgumentException("max gap must be positive, got " + maxGap);
    }
  }

  public static TrackingSettings defaults() {
    return new TrackingSettings(0.2, 1.0, Duration.ofSeconds(3));
  }
}
