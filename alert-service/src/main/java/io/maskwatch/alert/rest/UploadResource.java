package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/uploads}: the dashboard's upload page, forwarded to ingest-service as sent (a raw
 * picture with its Content-Type, or a multipart form with a {@code file} part) and its answer (202
 * with the upload id, or the refusal) passed back; {@code GET /api/uploads/{id}} likewise.
 */
@Path("/api/uploads")
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {

  private final IngestClient ingest;

  public UploadResource(IngestClient ingest) {
    this.ingest = ingest;
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Consumes(MediaType.WILDCARD)
  public Response upload(
      byte[] body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam("X-File-Name") String fileName) {
    String path = "/api/uploads";
    return ingest.forward("POST", path, contentType, body == null ? new byte[0] : body, fileName);
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{uploadId}")
  public Response status(@PathParam("uploadId") String uploadId) {
    return ingest.forward(
        "GET",
        "/api/uploads/" + URLEncoder.encode(uploadId, StandardCharsets.UTF_8),
        null,
        null,
        null);
  }
}
