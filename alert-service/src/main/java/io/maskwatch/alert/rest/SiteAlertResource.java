package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.SiteAlert;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.SiteAlertRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/site-alerts?site=&limit=}: site-level alerts (compliance below a site's
 * threshold), newest first; {@code recoveredAt} is null while the site is still below.
 */
@Path("/api/site-alerts")
@Produces(MediaType.APPLICATION_JSON)
public class SiteAlertResource {

  private final SiteAlertRepository repository;

  public SiteAlertResource(SiteAlertRepository repository) {
    this.repository = repository;
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public List<SiteAlert> list(@QueryParam("site") String site, @QueryParam("limit") Integer limit) {
    int max = limit == null ? 100 : limit;
    if (max < 1 || max > 1000) {
      throw new InvalidRequestException("limit must be between 1 and 1000, got " + max);
    }
    return repository.find(site == null || site.isBlank() ? null : site, max);
  }
}
