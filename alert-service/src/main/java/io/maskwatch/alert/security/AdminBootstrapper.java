package io.maskwatch.alert.security;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.auth.AdminBootstrap;
import io.maskwatch.alert.domain.auth.PasswordHash;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.UserRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start, when no admin exists, creates {@code admin}: with the configured password, or with a
 * generated one printed in the log this once (it is never stored in clear nor printed again).
 */
@ApplicationScoped
public class AdminBootstrapper {

  private static final Logger LOG = Logger.getLogger(AdminBootstrapper.class);

  private final UserRepository users;
  private final AlertConfig.Auth auth;

  public AdminBootstrapper(UserRepository users, AlertConfig config) {
    this.users = users;
    this.auth = config.auth();
  }

  void onStart(@Observes StartupEvent event) {
    ensureAdmin();
  }

  /**
   * Creates the admin when none exists.
   *
   * @return what was created, or null when an admin existed (or another replica won the race)
   */
  AdminBootstrap ensureAdmin() {
    if (users.adminExists()) {
      return null;
    }
    AdminBootstrap admin = AdminBootstrap.of(auth.adminPassword());
    String hash = PasswordHash.hash(admin.password(), auth.hashIterations());
    if (!users.insertIfAbsent(admin.username(), hash, Role.ADMIN)) {
      // Another replica created it at the same moment, or a non-admin user is called admin.
      if (!users.adminExists()) {
        LOG.warnf(
            "dashboard: no user has the admin role and the name '%s' is taken by another role;"
                + " give some user the admin role in dashboard_users",
            admin.username());
      }
      return null;
    }
    if (admin.generated()) {
      LOG.warnf(
          "DASHBOARD LOGIN: created user '%s' with generated password %s"
              + " (shown this once; to choose one, set maskwatch.alert.auth.admin-password"
              + " before the first start)",
          admin.username(), admin.password());
    } else {
      LOG.infof(
          "dashboard: created user '%s' with the configured password"
              + " (maskwatch.alert.auth.admin-password)",
          admin.username());
    }
    return admin;
  }
}
