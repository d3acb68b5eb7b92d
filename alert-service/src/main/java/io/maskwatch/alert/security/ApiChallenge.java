package io.maskwatch.alert.security;

import io.maskwatch.alert.rest.ApiError;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How an unauthenticated request is answered. Form authentication answers every request with a
 * redirect to the login page, which is right for pages but not for {@code /api/**}: a script or the
 * pages' fetch calls need a plain 401 with a JSON body (and no {@code WWW-Authenticate: Basic},
 * which would make a browser pop up its own login dialog). This mechanism comes first in the
 * challenge order, answers {@code /api/**} itself and leaves every other path to the form's
 * redirect. It authenticates nobody: the form cookie and Basic do that.
 */
@ApplicationScoped
public class ApiChallenge implements HttpAuthenticationMechanism {

  /** Before form (see application.properties) and basic. */
  static final int PRIORITY = 3000;

  private static final Buffer BODY =
      Buffer.buffer(Json.encode(new ApiError(401, "log in first (form login or HTTP Basic)")));

  static boolean isApi(RoutingContext context) {
    String path = context.normalizedPath();
    return path.equals("/api") || path.startsWith("/api/");
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    return Uni.createFrom().nullItem();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return isApi(context)
        ? Uni.createFrom().item(new ChallengeData(401, null, null))
        : Uni.createFrom().nullItem();
  }

  @Override
  public Uni<Boolean> sendChallenge(RoutingContext context) {
    if (!isApi(context)) {
      return Uni.createFrom().item(false);
    }
    HttpServerResponse response = context.response();
    if (!response.headWritten()) {
      response
          .setStatusCode(401)
          .putHeader("Content-Type", "application/json")
          .putHeader("Content-Length", Integer.toString(BODY.length()))
          .putHeader("Cache-Control", "no-store");
      response.write(BODY);
    }
    return Uni.createFrom().item(true);
  }

  @Override
  public int getPriority() {
    return PRIORITY;
  }
}
