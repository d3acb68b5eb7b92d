package io.maskwatch.alert.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A site-level alert: the site's compliance over a window dropped below its threshold.
 *
 * @param kind {@value #COMPLIANCE_BELOW_THRESHOLD}
 * @param percent masked share of the decided people in the window, in percent
 * @param people decided people in the window (uncertain left out)
 * @param windowEnd capture time of the frame whose storing judged the window
 * @param recoveredAt when the share was back at or above the threshold; null while below
 */
public record SiteAlert(
    UUID alertId,
    String kind,
    String site,
    double percent,
    double minPercent,
    int windowMinutes,
    long people,
    long masked,
    Instant windowEnd,
    Instant raisedAt,
    Instant recoveredAt) {

  public static final String COMPLIANCE_BELOW_THRESHOLD = "compliance_below_threshold";
}
