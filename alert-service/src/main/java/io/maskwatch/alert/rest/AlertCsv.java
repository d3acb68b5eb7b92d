package io.maskwatch.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Alerts as CSV (RFC 4180), one row per alert, the columns of {@link AlertView}. */
final class AlertCsv {

  static final String HEADER =
      "alert_id,raised_at,captured_at,site,camera_id,frame_id,face_index,label,confidence,"
          + "box_x,box_y,box_width,box_height,track_id,status,acknowledged_at,acknowledged_by,"
          + "snoozed_until";

  private AlertCsv() {}

  static String of(List<AlertView> alerts) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (AlertView a : alerts) {
      row(
          out,
          a.alertId(),
          time(a.raisedAt()),
          time(a.capturedAt()),
          a.site(),
          a.cameraId(),
          a.frameId(),
          Integer.toString(a.faceIndex()),
          a.label(),
          String.format(Locale.ROOT, "%.4f", a.confidence()),
          Integer.toString(a.box().x()),
          Integer.toString(a.box().y()),
          Integer.toString(a.box().width()),
          Integer.toString(a.box().height()),
          a.trackId(),
          a.status(),
          time(a.acknowledgedAt()),
          a.acknowledgedBy(),
          time(a.snoozedUntil()));
    }
    return out.toString();
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static void row(StringBuilder out, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields[i]));
    }
    out.append('\n');
  }

  /**
   * Quoted when it holds a comma, quote or line break; a leading {@code = + - @} is prefixed with a
   * quote mark so that a spreadsheet does not run it as a formula.
   */
  static String field(String value) {
    if (value == null) {
      return "";
    }
    if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
      value = "'" + value;
    }
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
