package io.maskwatch.alert.domain.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A dashboard user's role. Each implies the ones below it: an admin is also an operator and a
 * viewer, so {@code @RolesAllowed(VIEWER)} admits everyone logged in.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** Role names as {@code @RolesAllowed} and {@code /api/me} spell them. */
  public static final String VIEWER_NAME = "viewer";

  public static final String OPERATOR_NAME = "operator";
  public static final String ADMIN_NAME = "admin";

  /** The stored and wire name: {@code viewer}, {@code operator}, {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This role and every role below it, as wire names. */
  public Set<String> granted() {
    return Arrays.stream(values())
        .filter(role -> role.ordinal() <= ordinal())
        .map(Role::wireName)
        .collect(Collectors.toUnmodifiableSet());
  }

  public static Role fromWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "role must be viewer, operator or admin, got '" + name + "'");
  }
}
