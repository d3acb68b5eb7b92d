package io.maskwatch.trainer.data;

/**
 * How many synthetic masks a training epoch gets, drawn on the training split's unmasked faces.
 *
 * @param correctPerEpoch extra {@code with_mask} examples (masks worn correctly) per epoch
 * @param incorrectTarget {@code mask_weared_incorrect} examples per epoch, originals included:
 *     synthetic ones make up the difference; negative means "as many as the largest class"
 * @param underNoseShare share of the synthetic incorrect ones worn under the nose (the rest sit on
 *     the chin)
 */
public record SynthesisConfig(int correctPerEpoch, int incorrectTarget, double underNoseShare) {

  public SynthesisConfig {
    if (correctPerEpoch < 0) {
      throw new IllegalArgumentException("correctPerEpoch must be >= 0, got " + correctPerEpoch);
    }
    if (underNoseShare < 0 || underNoseShare > 1) {
      throw new IllegalArgumentException("underNoseShare must be in [0, 1], got " + underNoseShare);
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
