package io.maskwatch.alert.security;

import io.maskwatch.alert.rest.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * CSRF guard of the API: a request that changes something (POST, PUT, PATCH, DELETE) must carry
 * {@code X-Requested-With: maskwatch}, which the dashboard's pages and the stack's client always
 * send and which a cross-site form cannot set (and a cross-site fetch cannot, without a CORS
 * pre-flight this service never allows). Together with the SameSite=Strict login cookie.
 */
public class CsrfFilter {

  public static final String HEADER = "X-Requested-With";
  public static final String VALUE = "maskwatch";

  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

  @ServerRequestFilter
  public Response requireHeader(ContainerRequestContext request) {
    if (!UNSAFE.contains(request.getMethod()) || VALUE.equals(request.getHeaderString(HEADER))) {
      return null;
    }
    return Response.status(Response.Status.FORBIDDEN)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            new ApiError(
                403,
                request.getMethod()
                    + " needs the header "
                    + HEADER
                    + ": "
                    + VALUE
                    + " (protection against cross-site requests)"))
        .build();
  }
}
