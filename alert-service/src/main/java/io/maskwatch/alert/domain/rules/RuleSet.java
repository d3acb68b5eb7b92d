package io.maskwatch.alert.domain.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Rules as stored for one scope (the defaults, a site or a camera). Every field is optional: one
 * left out (null) is inherited from the wider scope (camera → its site → defaults → built-in).
 *
 * @param site the camera's site (camera scope only)
 * @param zone the camera's zone within its site (camera scope only)
 * @param minFrames frames a track needs before its label is decided
 * @param minShare share of a track's summed confidence the leading label needs, (0.5, 1]
 * @param cooldownSeconds after an alert on a camera, no other alert on it for this long
 * @param quietFrom start of the quiet hours ("22:00"), local to {@code timeZone}; no alerts then
 * @param quietTo end of the quiet hours ("06:00"); equal to quietFrom or absent: none
 * @param timeZone zone id for the quiet hours ("Europe/Berlin")
 * @param alertsEnabled false: tracks are decided and counted, but raise no alert
 * @param channels where the site's alerts are notified (site and defaults scope)
 * @param snapshotRetentionDays alert snapshots older than this are deleted (counts are kept)
 * @param complianceAlert the site threshold rule (site and defaults scope); inherited as a whole
 */
public record RuleSet(
    String site,
    String zone,
    Integer minFrames,
    Double minShare,
    Long cooldownSeconds,
    String quietFrom,
    String quietTo,
    String timeZone,
    Boolean alertsEnabled,
    List<ChannelSpec> channels,
    Integer snapshotRetentionDays,
    ComplianceAlertRule complianceAlert) {

  /** The canonical constructor is the one JSON binds to. */
  @JsonCreator
  public RuleSet {}

  public static final RuleSet EMPTY =
      new RuleSet(null, null, null, null, null, null, null, null, null, null, null, null);

  /** Rules without a site threshold rule. */
  public RuleSet(
      String site,
      String zone,
      Integer minFrames,
      Double minShare,
      Long cooldownSeconds,
      String quietFrom,
      String quietTo,
      String timeZone,
      Boolean alertsEnabled,
      List<ChannelSpec> channels,
      Integer snapshotRetentionDays) {
    this(
        site,
        zone,
        minFrames,
        minShare,
        cooldownSeconds,
        quietFrom,
        quietTo,
        timeZone,
        alertsEnabled,
        channels,
        snapshotRetentionDays,
        null);
  }
}
