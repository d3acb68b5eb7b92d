package io.maskwatch.alert.security;

import io.maskwatch.alert.store.UserRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The user behind a login cookie (form authentication): the cookie, encrypted by Quarkus, names the
 * user; the role is read again from {@code dashboard_users}, so a removed user is out at once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

  private final UserRepository users;

  public SessionIdentityProvider(UserRepository users) {
    this.users = users;
  }

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () ->
            users
                .find(request.getPrincipal())
                .map(Identities::of)
                .orElseThrow(() -> new AuthenticationFailedException("unknown user")));
  }
}
