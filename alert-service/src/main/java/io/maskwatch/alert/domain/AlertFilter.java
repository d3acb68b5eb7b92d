package io.maskwatch.alert.domain;

/**
 * Which alerts to list, newest first.
 *
 * @param cameraId only this camera's alerts, or null for every camera
 * @param label only alerts with this label, or null for any
 * @param status only alerts in this state ({@code open}, {@code acknowledged}, {@code snoozed}), or
 *     null for any
 * @param site only this site's alerts, or null for every site
 * @param limit at most this many, > 0
 */
public record AlertFilter(String cameraId, Label label, String status, String site, int limit) {

  /** The states an alert can be in, as {@code AlertView.status} spells them. */
  public static final java.util.List<String> STATUSES =
      java.util.List.of("open", "acknowledged", "snoozed");

  public AlertFilter {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0, got " + limit);
    }
    if (status != null && !STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "status must be open, acknowledged or snoozed, got '" + status + "'");
    }
  }

  public AlertFilter(String cameraId, Label label, int limit) {
    this(cameraId, label, null, null, limit);
  }
}
