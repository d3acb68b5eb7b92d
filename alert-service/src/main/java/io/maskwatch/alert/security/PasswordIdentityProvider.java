package io.maskwatch.alert.security;

import io.maskwatch.alert.domain.auth.PasswordHash;
import io.maskwatch.alert.store.UserRepository;
import io.maskwatch.alert.store.UserRepository.DashboardUser;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Checks a user name and password (the login form and HTTP Basic) against {@code dashboard_users}.
 * A wrong password and an unknown user fail alike.
 */
@ApplicationScoped
public class PasswordIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  private final UserRepository users;
  private final VerifiedPasswords verified;

  public PasswordIdentityProvider(UserRepository users, VerifiedPasswords verified) {
    this.users = users;
    this.verified = verified;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(() -> check(request));
  }

  private SecurityIdentity check(UsernamePasswordAuthenticationRequest request) {
    String username = request.getUsername();
    String password = new String(request.getPassword().getPassword());
    Optional<DashboardUser> user = users.find(username);
    if (user.isEmpty()) {
      throw new AuthenticationFailedException("unknown user or wrong password");
    }
    String stored = user.get().passwordHash();
    if (!verified.recentlyVerified(username, stored, password)) {
      if (!PasswordHash.verify(password, stored)) {
        throw new AuthenticationFailedException("unknown user or wrong password");
      }
      verified.remember(username, stored, password);
    }
    return Identities.of(user.get());
  }
}
