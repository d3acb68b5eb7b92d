package io.maskwatch.trainer.data;

/**
 * How many synthetic masks a training epoch gets, drawn on the training split's unmasked faces.
 *
 * @param correctPerEpoch extra {@code with_mask} examples (masks worn correctly) per epoch
 * @param incorrectTarget {@code mask_weared_incorrect} examples per epoch, originals included:
 *     synthetic ones make up the difference; negative means "as many as the largest class"
 * @param underNoseShare share of the synthetic incorrect ones worn under the nose (the rest sit on
 *     the chin)
 * @param underNoseTopLow where the top edge of a mask worn under the nose sits at the highest, as a
 *     fraction of the way from the nose tip down to the mouth
 * @param underNoseTopHigh the same at the lowest; each mask draws uniformly between the two
 */
public record SynthesisConfig(
    int correctPerEpoch,
    int incorrectTarget,
    double underNoseShare,
    double underNoseTopLow,
    double underNoseTopHigh) {

  /** The shipped model's under-nose top edge: about halfway from the nose tip to the mouth. */
  public static final double UNDER_NOSE_TOP_LOW = 0.45;

  public static final double UNDER_NOSE_TOP_HIGH = 0.7;

  public SynthesisConfig(int correctPerEpoch, int incorrectTarget, double underNoseShare) {
    this(correctPerEpoch, incorrectTarget, underNoseShare, UNDER_NOSE_TOP_LOW, UNDER_NOSE_TOP_HIGH);
  }

  public SynthesisConfig {
    if (correctPerEpoch < 0) {
      throw new IllegalArgumentException("correctPerEpoch must be >= 0, got " + correctPerEpoch);
    }
    if (underNoseShare < 0 || underNoseShare > 1) {
      throw new IllegalArgumentException("underNoseShare must be in [0, 1], got " + underNoseShare);
    }
    if (underNoseTopLow < 0 || underNoseTopHigh > 1 || underNoseTopHigh < underNoseTopLow) {
      throw new IllegalArgumentException(
          "The under-nose top edge must be low,high with 0 <= low <= high <= 1, got "
              + underNoseTopLow
              + ","
              + underNoseTopHigh);
    }
  }

  /** 300 extra correct masks; incorrect topped up to the largest class; half under the nose. */
  public static SynthesisConfig defaults() {
    return new SynthesisConfig(300, -1, 0.5);
  }

  /** No synthetic examples at all. */
  public static SynthesisConfig none() {
    return new SynthesisConfig(0, 0, 0.5);
  }
}
