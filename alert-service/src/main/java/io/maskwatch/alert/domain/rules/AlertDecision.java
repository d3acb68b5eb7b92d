package io.maskwatch.alert.domain.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a track just decided as a violation raises an alert. At most one alert per track (the
 * caller asks only at the moment of decision); after an alert a camera stays quiet for the
 * cooldown; nothing is raised in quiet hours or when the camera's alerts are off. Uploads are a
 * person asking about a picture: cooldown and quiet hours do not apply to them.
 */
public enum AlertDecision {
  RAISE,
  DISABLED,
  QUIET_HOURS,
  COOLDOWN;

  /** The name stored in {@code tracks.outcome}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * @param capturedAt capture time of the frame that decided the track
   * @param lastAlert capture time of the camera's latest alert, or null
   */
  public static AlertDecision decide(
      EffectiveRule rule, boolean upload, Instant capturedAt, Instant lastAlert) {
    if (!rule.alertsEnabled()) {
      return DISABLED;
    }
    if (upload) {
      return RAISE;
    }
    if (rule.quietHours() != null && rule.quietHours().covers(capturedAt)) {
      return QUIET_HOURS;
    }
    if (lastAlert != null
        && !rule.cooldown().isZero()
        && Duration.between(lastAlert, capturedAt).compareTo(rule.cooldown()) < 0) {
      return COOLDOWN;
    }
    return RAISE;
  }
}
