package io.maskwatch.alert.security;

import io.maskwatch.alert.store.UserRepository.DashboardUser;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** A dashboard user as a Quarkus identity, with every role its role implies. */
final class Identities {

  private Identities() {}

  static SecurityIdentity of(DashboardUser user) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user.username()))
        .addRoles(user.role().granted())
        .build();
  }
}
