package io.maskwatch.ingest.camera;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th retry waits a random time between half and all of
 * {@code min(max, initial × 2^n)}, so cameras that failed together do not retry together.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param random uniform in [0, 1)
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (0 = the first retry). */
  public Duration delay(int attempt) {
    double ceiling =
        Math.min((double) max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempt, 30)));
    return Duration.ofMillis(Math.round(ceiling * (0.5 + 0.5 * random.getAsDouble())));
  }
}
