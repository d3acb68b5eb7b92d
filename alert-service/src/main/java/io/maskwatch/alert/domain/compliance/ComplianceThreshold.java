package io.maskwatch.alert.domain.compliance;

import io.maskwatch.alert.domain.rules.ComplianceAlertRule;
import java.time.Duration;
import java.time.Instant;

/**
 * Judges a site's share of masked people over its window against its threshold rule. A site alerts
 * once when it drops below; it does not alert again while it stays below (the alert is open), nor
 * within one window of its last alert; once the share is back at or above the threshold the alert
 * is closed (recovered) and the rule re-armed.
 */
public final class ComplianceThreshold {

  /** What a judgement calls for. */
  public enum Outcome {
    RAISE,
    RECOVER,
    NONE
  }

  private ComplianceThreshold() {}

  /** Percent of decided people who were masked; NaN when none was decided. */
  public static double percent(long masked, long decided) {
    return decided == 0 ? Double.NaN : 100.0 * masked / decided;
  }

  /**
   * @param masked people decided masked in the window
   * @param decided people decided masked, unmasked or incorrect in the window (uncertain left out)
   * @param open whether the site has an alert that has not recovered
   * @param lastRaisedAt window end (capture time) of the site's latest alert, or null
   * @param now window end of this judgement (capture time)
   */
  public static Outcome judge(
      ComplianceAlertRule rule,
      long masked,
      long decided,
      boolean open,
      Instant lastRaisedAt,
      Instant now) {
    if (decided < rule.minPeople()) {
      return Outcome.NONE;
    }
    if (percent(masked, decided) < rule.minPercent()) {
      if (open) {
        return Outcome.NONE;
      }
      Duration window = Duration.ofMinutes(rule.window());
      if (lastRaisedAt != null && lastRaisedAt.plus(window).isAfter(now)) {
        return Outcome.NONE;
      }
      return Outcome.RAISE;
    }
    return open ? Outcome.RECOVER : Outcome.NONE;
  }
}
