package io.maskwatch.alert.domain.tracking;

/**
 * When a track's label is decided: after at least {@code minFrames} frames, when one label holds at
 * least {@code minShare} of the track's summed confidence. Until then the track is uncertain. A
 * decision, once made, stands for the rest of the track.
 */
public record DecisionRule(int minFrames, double minShare) {

  /** An upload is one picture: its faces are one-frame tracks, decided on that frame. */
  public static final DecisionRule ONE_FRAME = new DecisionRule(1, 0.6);

  public DecisionRule {
    if (minFrames < 1) {
      throw new IllegalArgumentException("min frames must be >= 1, got " + minFrames);
    }
    if (!(minShare > 0.5 && minShare <= 1)) {
      throw new IllegalArgumentException(
          "min share must lie within (0.5, 1] so that only a majority decides, got " + minShare);
    }
  }

  public static DecisionRule defaults() {
    return new DecisionRule(5, 0.7);
  }
}
