package io.maskwatch.alert.domain.rules;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A daily span of local time, possibly across midnight (22:00–06:00), in which no alert goes out.
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {

  public boolean covers(Instant time) {
    LocalTime local = time.atZone(zone).toLocalTime();
    if (from.isBefore(to)) {
      return !local.isBefore(from) && local.isBefore(to);
    }
    return !local.isBefore(from) || local.isBefore(to);
  }
}
