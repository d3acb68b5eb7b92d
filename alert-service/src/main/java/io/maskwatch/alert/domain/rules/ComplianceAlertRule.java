package io.maskwatch.alert.domain.rules;

/**
 * A site's threshold rule: alert when the share of people decided masked, over the last {@code
 * window} minutes of the site, drops below {@code minPercent}. Uncertain people are left out; below
 * {@code minPeople} decided people the share is not judged.
 *
 * @param minPercent the share, in percent, under which the site alerts; (0, 100]
 * @param window minutes of compliance rows the share is taken over; 1 to 1440
 * @param minPeople decided people the window needs before it is judged; null means {@value
 *     #DEFAULT_MIN_PEOPLE}
 */
public record ComplianceAlertRule(Double minPercent, Integer window, Integer minPeople) {

  public static final int DEFAULT_MIN_PEOPLE = 5;

  public ComplianceAlertRule {
    if (minPeople == null) {
      minPeople = DEFAULT_MIN_PEOPLE;
    }
  }

  /**
   * @throws IllegalArgumentException naming the field
   */
  public ComplianceAlertRule validate() {
    if (minPercent == null || !(minPercent > 0 && minPercent <= 100)) {
      throw new IllegalArgumentException(
          "complianceAlert.minPercent must be in (0, 100], got " + minPercent);
    }
    if (window == null || window < 1 || window > 1440) {
      throw new IllegalArgumentException(
          "complianceAlert.window must be 1 to 1440 minutes, got " + window);
    }
    if (minPeople < 1) {
      throw new IllegalArgumentException(
          "complianceAlert.minPeople must be >= 1, got " + minPeople);
    }
    return this;
  }
}
