package io.maskwatch.mask.rest;

import io.maskwatch.mask.MaskModel;
import io.maskwatch.mask.ModelStatus;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/model/reload[?path=/models/mask-classifier-1.1.0]}: loads the model (the
 * configured directory again when no path is given), warms up its workers, and swaps it in without
 * stopping the consumer; frames already queued finish on the old model. 200 with the new model's
 * identity; 409 while the service has no model yet; 422 with the reason when the new model cannot
 * be loaded (the old one keeps serving).
 */
@Path("/api/model")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

  private static final Logger LOG = Logger.getLogger(ModelResource.class);

  private final MaskModel model;

  public ModelResource(MaskModel model) {
    this.model = model;
  }

  @POST
  @Path("/reload")
  public Response reload(@QueryParam("path") String path) {
    if (!model.status().isReady()) {
      return error(409, "no model to replace yet: " + model.status().reason());
    }
    ModelStatus status;
    try {
      status = model.reload(path);
    } catch (RuntimeException e) {
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      LOG.warnf("model reload from %s refused, the current model keeps serving: %s", path, reason);
      return error(422, reason);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", status.model().name());
    body.put("version", status.model().version());
    body.put("sha256", status.model().sha256());
    body.put("modelDir", status.modelDir());
    return Response.ok(body).build();
  }

  private static Response error(int status, String reason) {
    return Response.status(status).entity(Map.of("error", reason)).build();
  }
}
