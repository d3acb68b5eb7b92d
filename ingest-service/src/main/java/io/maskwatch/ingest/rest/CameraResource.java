package io.maskwatch.ingest.rest;

import io.maskwatch.ingest.camera.CameraRejectedException;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.CaptureState;
import io.maskwatch.ingest.camera.CaptureStatus;
import io.maskwatch.ingest.camera.CapturedFrame;
import io.maskwatch.ingest.camera.PushedFrameRejectedException;
import io.maskwatch.ingest.domain.ImageFormat;
import io.maskwatch.ingest.messaging.CameraEvents.ReportedStatus;
import io.maskwatch.ingest.messaging.CameraIngest;
import io.maskwatch.ingest.messaging.CameraRegistry;
import io.maskwatch.ingest.messaging.PublishFailedException;
import io.maskwatch.ingest.messaging.RegistryUnavailableException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * The camera registry: {@code /api/cameras}. Definitions live in the compacted {@code cameras}
 * topic; URLs are stored with their credentials and shown without them.
 */
@Path("/api/cameras")
@Produces(MediaType.APPLICATION_JSON)
public class CameraResource {

  private static final Logger LOG = Logger.getLogger(CameraResource.class);
  private static final Duration READ_WAIT = Duration.ofSeconds(10);

  private final CameraIngest cameras;

  public CameraResource(CameraIngest cameras) {
    this.cameras = cameras;
  }

  @GET
  public Response list() {
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    List<CameraResponse> all = registry().list().stream().map(CameraResponse::of).toList();
    return Response.ok(all).build();
  }

  @GET
  @Path("/{id}")
  public Response get(@PathParam("id") String id) {
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    return registry()
        .get(id)
        .map(camera -> Response.ok(CameraResponse.of(camera)).build())
        .orElseGet(() -> notFound(id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CameraRequest request) {
    if (request == null) {
      return badRequest("body", "a JSON camera is required");
    }
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    try {
      CameraSpec camera = validate(request.id(), request, null);
      if (registry().get(camera.id()).isPresent()) {
        return badRequest(
            "id",
            "a camera with id '"
                + camera.id()
                + "' exists; PUT /api/cameras/"
                + camera.id()
                + " changes it");
      }
      registry().put(camera);
      LOG.infof("camera registered: %s", camera);
      return Response.created(URI.create("/api/cameras/" + camera.id()))
          .entity(CameraResponse.of(camera))
          .build();
    } catch (CameraRejectedException e) {
      return badRequest(e.field(), e.getMessage());
    } catch (RegistryUnavailableException e) {
      return unavailable(e.getMessage());
    }
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(@PathParam("id") String id, CameraRequest request) {
    if (request == null) {
      return badRequest("body", "a JSON camera is required");
    }
    if (request.id() != null && !request.id().equals(id)) {
      return badRequest(
          "id", "the body's id '" + request.id() + "' is not the path's '" + id + "'");
    }
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    Optional<CameraSpec> stored = registry().get(id);
    if (stored.isEmpty()) {
      return notFound(id);
    }
    try {
      CameraSpec camera = validate(id, request, stored.get());
      registry().put(camera);
      if (!camera.isPushed()) {
        cameras.forgetPushed(id);
      }
      LOG.infof("camera changed: %s", camera);
      return Response.ok(CameraResponse.of(camera)).build();
    } catch (CameraRejectedException e) {
      return badRequest(e.field(), e.getMessage());
    } catch (RegistryUnavailableException e) {
      return unavailable(e.getMessage());
    }
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    if (registry().get(id).isEmpty()) {
      return notFound(id);
    }
    try {
      registry().delete(id);
      cameras.forgetPushed(id);
      LOG.infof("camera deleted: %s", id);
      return Response.noContent().build();
    } catch (RegistryUnavailableException e) {
      return unavailable(e.getMessage());
    }
  }

  /**
   * A frame from a webcam camera ({@code webcam:} URL), as the webcam page posts it: a JPEG body,
   * scaled to the camera's maximum size and published to {@code frames} with source webcam. 202
   * once Kafka has it.
   */
  @POST
  @Path("/{id}/frames")
  @Consumes(MediaType.WILDCARD)
  public Response frame(
      @PathParam("id") String id,
      @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    Optional<CameraSpec> found = registry().get(id);
    if (found.isEmpty()) {
      return notFound(id);
    }
    CameraSpec camera = found.get();
    if (!camera.isPushed()) {
      return conflict(
          "camera '"
              + id
              + "' is pulled from its url by the service; only webcam cameras (url webcam:)"
              + " take posted frames");
    }
    if (!camera.enabled()) {
      return conflict("camera '" + id + "' is disabled");
    }
    if (!ImageFormat.JPEG.contentType().equals(ImageFormat.mediaType(contentType))) {
      return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
          .entity(
              new ErrorResponse(
                  "send each frame as an image/jpeg body, not "
                      + (contentType == null ? "no Content-Type" : contentType),
                  List.of(ImageFormat.JPEG.contentType())))
          .build();
    }
    try {
      CapturedFrame frame = cameras.publishPushed(camera, body == null ? new byte[0] : body);
      return Response.accepted(
              new PushedFrameResponse(id, frame.frameId(), frame.width(), frame.height()))
          .build();
    } catch (PushedFrameRejectedException e) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(new ErrorResponse("camera '" + id + "': " + e.getMessage()))
          .build();
    } catch (PublishFailedException e) {
      return unavailable("the frame could not be handed to the pipeline: " + e.getMessage());
    }
  }

  /** A frame taken from a webcam. */
  public record PushedFrameResponse(String cameraId, String frameId, int width, int height) {}

  @GET
  @Path("/{id}/status")
  public Response status(@PathParam("id") String id) {
    Response unavailable = unlessRead();
    if (unavailable != null) {
      return unavailable;
    }
    Optional<CameraSpec> camera = registry().get(id);
    if (camera.isEmpty()) {
      return notFound(id);
    }
    Optional<ReportedStatus> reported = cameras.status(id);
    if (reported.isEmpty()) {
      CaptureState state = camera.get().enabled() ? CaptureState.unknown : CaptureState.disabled;
      return Response.ok(new CameraStatusResponse(id, state, 0, 0, 0, 0, null, null, null, null))
          .build();
    }
    CaptureStatus s = reported.get().status();
    return Response.ok(
            new CameraStatusResponse(
                id,
                s.state(),
                s.fps(),
                s.framesSent(),
                s.framesDropped(),
                s.framesSkipped(),
                s.lastFrameAt(),
                s.lastError(),
                reported.get().instance(),
                reported.get().reportedAt()))
        .build();
  }

  /** A PUT may send back the URL it was shown (credentials as ***): the stored URL is kept then. */
  private CameraSpec validate(String id, CameraRequest request, CameraSpec stored) {
    String url = request.url();
    if (stored != null && url != null && url.strip().equals(stored.redactedUrl())) {
      url = stored.url();
    }
    CameraRequest.MotionGatingRequest gating = request.motionGating();
    return cameras
        .validator()
        .validate(
            id,
            request.name(),
            request.site(),
            request.zone(),
            url,
            request.sampleFps(),
            request.maxWidth(),
            request.maxHeight(),
            request.enabled(),
            gating == null ? null : gating.enabled(),
            gating == null ? null : gating.threshold(),
            gating == null ? null : gating.keyframeSeconds(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private CameraRegistry registry() {
    return cameras.registry();
  }

  private Response unlessRead() {
    try {
      if (registry().awaitCaughtUp(READ_WAIT)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return unavailable("the camera registry has not been read from Kafka yet");
  }

  private static Response badRequest(String field, String message) {
    return Response.status(Response.Status.BAD_REQUEST)
        .entity(ErrorResponse.ofField(field, message))
        .build();
  }

  private static Response conflict(String message) {
    return Response.status(Response.Status.CONFLICT).entity(new ErrorResponse(message)).build();
  }

  private static Response notFound(String id) {
    return Response.status(Response.Status.NOT_FOUND)
        .entity(new ErrorResponse("no camera with id '" + id + "'"))
        .build();
  }

  private static Response unavailable(String message) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .entity(new ErrorResponse(message))
        .build();
  }
}
