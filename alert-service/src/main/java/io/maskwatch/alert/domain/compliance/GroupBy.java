package io.maskwatch.alert.domain.compliance;

import java.util.Locale;

/** What a compliance row is about: one camera (with its site and zone), a zone, or a site. */
public enum GroupBy {
  CAMERA,
  ZONE,
  SITE;

  public static GroupBy parse(String value) {
    for (GroupBy group : values()) {
      if (group.name().toLowerCase(Locale.ROOT).equals(value)) {
        return group;
      }
    }
    throw new IllegalArgumentException("groupBy must be camera, zone or site, got '" + value + "'");
  }
}
