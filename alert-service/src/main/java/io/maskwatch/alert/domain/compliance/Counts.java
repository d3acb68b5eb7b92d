package io.maskwatch.alert.domain.compliance;

/**
 * Compliance counts of a bucket (or a change to them). People are tracks, counted in the minute
 * their track started; masked + unmasked + incorrect + uncertain = people.
 */
public record Counts(
    long people, long masked, long unmasked, long incorrect, long uncertain, long frames) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

  public Counts plus(Counts other) {
    return new Counts(
        people + other.people,
        masked + other.masked,
        unmasked + other.unmasked,
        incorrect + other.incorrect,
        uncertain + other.uncertain,
        frames + other.frames);
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  /** masked / (masked + unmasked + incorrect), or null when no track is decided. */
  public Double complianceRate() {
    long decided = masked + unmasked + incorrect;
    return decided == 0 ? null : (double) masked / decided;
  }
}
