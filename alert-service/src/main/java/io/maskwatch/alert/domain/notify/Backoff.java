package io.maskwatch.alert.domain.notify;

import java.time.Duration;

/**
 * When to try a failed delivery again: {@code initial} after the first attempt, doubling with each
 * further attempt up to {@code max}; after {@code maxAttempts} attempts the delivery has failed.
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
    }
  }

  /**
   * @param attempts attempts made so far, >= 1
   * @return the wait before the next attempt, or null when there is to be none
   */
  public Duration after(int attempts) {
    if (attempts >= maxAttempts) {
      return null;
    }
    int doublings = Math.min(attempts - 1, 30);
    Duration wait = initial.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
