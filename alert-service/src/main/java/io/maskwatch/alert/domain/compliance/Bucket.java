package io.maskwatch.alert.domain.compliance;

import java.util.Locale;

/** The width of a compliance row: minute rows as stored, or rolled up (UTC boundaries). */
public enum Bucket {
  MINUTE,
  HOUR,
  DAY;

  /** The field name PostgreSQL's date_trunc takes. */
  public String sqlField() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Bucket parse(String value) {
    for (Bucket bucket : values()) {
      if (bucket.sqlField().equals(value)) {
        return bucket;
      }
    }
    throw new IllegalArgumentException("bucket must be minute, hour or day, got '" + value + "'");
  }
}
