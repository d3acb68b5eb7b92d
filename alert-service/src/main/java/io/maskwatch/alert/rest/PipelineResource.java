package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.pipeline.PipelineService;
import io.maskwatch.alert.pipeline.ServiceState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/pipeline}: services, consumer lag and throughput; {@code POST
 * /api/pipeline/scale} (admin) scales face-service or mask-service in a cluster.
 */
@Path("/api/pipeline")
@Produces(MediaType.APPLICATION_JSON)
public class PipelineResource {

  /** The scale control's request. */
  public record ScaleRequest(String service, Integer replicas) {}

  private final PipelineService pipeline;

  public PipelineResource(PipelineService pipeline) {
    this.pipeline = pipeline;
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public PipelineService.PipelineState get() {
    return pipeline.state();
  }

  @RolesAllowed(Role.ADMIN_NAME)
  @POST
  @Path("scale")
  @Consumes(MediaType.APPLICATION_JSON)
  public ServiceState scale(ScaleRequest request) {
    if (request == null) {
      throw new InvalidRequestException("a body {\"service\", \"replicas\"} is required");
    }
    return pipeline.scale(request.service(), request.replicas());
  }
}
