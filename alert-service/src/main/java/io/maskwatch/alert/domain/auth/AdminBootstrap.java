package io.maskwatch.alert.domain.auth;

import java.util.Optional;

/**
 * The first admin: the configured password when one is set (from a secret or the environment), else
 * a generated one that is shown once, when the admin is created, and never again.
 *
 * @param username the admin's name
 * @param password the password to hash and store
 * @param generated true when no password was configured, so this one must be shown once
 */
public record AdminBootstrap(String username, String password, boolean generated) {

  public static final String USERNAME = "admin";

  public AdminBootstrap {
    if (password == null || password.isBlank()) {
      throw new IllegalArgumentException("the admin password must not be blank");
    }
  }

  /** The admin to create when none exists. */
  public static AdminBootstrap of(Optional<String> configuredPassword) {
    return configuredPassword
        .filter(password -> !password.isBlank())
        .map(password -> new AdminBootstrap(USERNAME, password, false))
        .orElseGet(() -> new AdminBootstrap(USERNAME, PasswordHash.generatePassword(), true));
  }

  /** Never the password: records are printed in logs and test reports. */
  @Override
  public String toString() {
    return "AdminBootstrap[username=" + username + ", generated=" + generated + "]";
  }
}
