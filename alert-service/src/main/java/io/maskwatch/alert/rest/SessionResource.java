package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.auth.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /api/me}: who is logged in; {@code POST /api/logout}: drops the login cookie. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  /** The user and every role it holds, highest first. */
  public record Me(String user, List<String> roles) {}

  private final SecurityIdentity identity;
  private final String cookieName;

  public SessionResource(
      SecurityIdentity identity,
      @ConfigProperty(
              name = "quarkus.http.auth.form.cookie-name",
              defaultValue = "quarkus-credential")
          String cookieName) {
    this.identity = identity;
    this.cookieName = cookieName;
  }

  @GET
  @Path("me")
  @RolesAllowed(Role.VIEWER_NAME)
  public Me me() {
    return new Me(
        identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
  }

  /**
   * Expires the login cookie in the browser (204). The cookie is self-contained (encrypted by
   * Quarkus), so a copy kept elsewhere stays valid until its timeout.
   */
  @POST
  @Path("logout")
  @RolesAllowed(Role.VIEWER_NAME)
  public Response logout(RoutingContext context) {
    context
        .response()
        .addCookie(
            Cookie.cookie(cookieName, "")
                .setPath("/")
                .setMaxAge(0)
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT));
    return Response.noContent().build();
  }
}
