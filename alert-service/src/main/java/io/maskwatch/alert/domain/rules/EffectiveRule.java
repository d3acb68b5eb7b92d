package io.maskwatch.alert.domain.rules;

import io.maskwatch.alert.domain.tracking.DecisionRule;
import java.time.Duration;
import java.util.List;

/**
 * What applies to one camera once its rules, its site's, the defaults and the built-in values are
 * merged.
 *
 * @param quietHours null when there are none
 * @param complianceAlert the site threshold rule, or null when the site has none
 */
public record EffectiveRule(
    String site,
    String zone,
    DecisionRule decision,
    Duration cooldown,
    QuietHours quietHours,
    boolean alertsEnabled,
    List<ChannelSpec> channels,
    int snapshotRetentionDays,
    ComplianceAlertRule complianceAlert) {}
