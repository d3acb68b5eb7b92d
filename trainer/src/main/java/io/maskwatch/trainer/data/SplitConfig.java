package io.maskwatch.trainer.data;

import java.util.Set;

/**
 * How to split a folder-per-class data set.
 *
 * @param valFraction share of each label's images (outside held-out sources) for validation
 * @param testFraction share of each label's images (outside held-out sources) for test; may be 0
 * @param seed the split is a pure function of the data set and this seed
 * @param holdOutSources sources (as in {@link LabeledImage#source()}, or a prefix folder of them)
 *     that go to test entirely, with every duplicate of their images
 * @param nearDuplicateDistance largest Hamming distance of whole-image difference hashes that makes
 *     two images one group
 * @param upperHalfDistance the same for upper-half hashes (pasted-mask copies); negative to turn
 *     that off
 */
public record SplitConfig(
    double valFraction,
    double testFraction,
    long seed,
    Set<String> holdOutSources,
    int nearDuplicateDistance,
    int upperHalfDistance) {

  public static final int DEFAULT_NEAR_DUPLICATE_DISTANCE = 6;
  public static final int DEFAULT_UPPER_HALF_DISTANCE = 4;

  public SplitConfig {
    holdOutSources = Set.copyOf(holdOutSources);
    if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1) {
      throw new IllegalArgumentException(
          "Fractions must be >= 0 and leave some training data: val="
              + valFraction
              + " test="
              + testFraction);
    }
  }

  /** 15 % validation, no test, seed 42, no held-out source, default duplicate thresholds. */
  public static SplitConfig defaults() {
    return new SplitConfig(
        0.15, 0.0, 42L, Set.of(), DEFAULT_NEAR_DUPLICATE_DISTANCE, DEFAULT_UPPER_HALF_DISTANCE);
  }

  public SplitConfig withFractions(double val, double test) {
    return new SplitConfig(
        val, test, seed, holdOutSources, nearDuplicateDistance, upperHalfDistance);
  }

  public SplitConfig withSeed(long newSeed) {
    return new SplitConfig(
        valFraction,
        testFraction,
        newSeed,
        holdOutSources,
        nearDuplicateDistance,
        upperHalfDistance);
  }

  public SplitConfig withHoldOutSources(Set<String> sources) {
    return new SplitConfig(
        valFraction, testFraction, seed, sources, nearDuplicateDistance, upperHalfDistance);
  }

  public SplitConfig withDuplicateDistances(int nearDuplicate, int upperHalf) {
    return new SplitConfig(
        valFraction, testFraction, seed, holdOutSources, nearDuplicate, upperHalf);
  }

  boolean isHeldOut(String source) {
    return holdOutSources.stream().anyMatch(h -> source.equals(h) || source.startsWith(h + "/"));
  }
}
