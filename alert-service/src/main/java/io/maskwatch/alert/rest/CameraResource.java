package io.maskwatch.alert.rest;

import io.maskwatch.alert.CameraRegistry;
import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.FrameRepository;
import io.maskwatch.alert.store.FrameRepository.LatestFrame;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/cameras}: every registered camera with its capture status and latest stored frame
 * (from the {@code cameras} and {@code camera-status} topics and the frames table); adding,
 * changing and removing one is forwarded to ingest-service, which owns the registry.
 */
@Path("/api/cameras")
@Produces(MediaType.APPLICATION_JSON)
public class CameraResource {

  /** One camera as the dashboard shows it; the URL has its credentials masked. */
  public record CameraView(
      String id,
      String name,
      String site,
      String zone,
      String url,
      double sampleFps,
      boolean enabled,
      String state,
      Double fpsAchieved,
      Long framesSent,
      Long framesDropped,
      Instant lastFrameAt,
      String lastError,
      String latestFrameId,
      boolean online) {}

  private final CameraRegistry registry;
  private final FrameRepository frames;
  private final IngestClient ingest;
  private final Duration offlineAfter;

  public CameraResource(
      CameraRegistry registry, FrameRepository frames, IngestClient ingest, AlertConfig config) {
    this.registry = registry;
    this.frames = frames;
    this.ingest = ingest;
    this.offlineAfter = config.cameras().offlineAfter();
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public List<CameraView> list() {
    return views(registry.cameras(), registry, frames, offlineAfter);
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{id}")
  public CameraView get(@PathParam("id") String id) {
    CameraRegistry.Definition camera =
        registry.camera(id).orElseThrow(() -> new UnknownCameraException(id));
    return views(List.of(camera), registry, frames, offlineAfter).get(0);
  }

  /** Forwarded to ingest-service's {@code POST /api/cameras}; its answer passed back. */
  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(byte[] body) {
    return ingest.forward("POST", "/api/cameras", MediaType.APPLICATION_JSON, body);
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(@PathParam("id") String id, byte[] body) {
    return ingest.forward("PUT", "/api/cameras/" + encode(id), MediaType.APPLICATION_JSON, body);
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    return ingest.forward("DELETE", "/api/cameras/" + encode(id), null, null);
  }

  /** Cameras with their status, the online count rule and their latest frames. */
  static List<CameraView> views(
      List<CameraRegistry.Definition> cameras,
      CameraRegistry registry,
      FrameRepository frames,
      Duration offlineAfter) {
    Map<String, LatestFrame> latest =
        frames.latest(cameras.stream().map(CameraRegistry.Definition::id).toList());
    Instant now = Instant.now();
    return cameras.stream()
        .map(
            camera -> {
              CameraRegistry.Status status = registry.status(camera.id()).orElse(null);
              LatestFrame frame = latest.get(camera.id());
              String state =
                  !camera.enabled() ? "disabled" : status == null ? "unknown" : status.state();
              boolean online =
                  camera.enabled()
                      && status != null
                      && "streaming".equals(status.state())
                      && !status.reportedAt().isBefore(now.minus(offlineAfter));
              Instant lastFrameAt =
                  status != null && status.lastFrameAt() != null
                      ? status.lastFrameAt()
                      : frame == null ? null : frame.capturedAt();
              return new CameraView(
                  camera.id(),
                  camera.name(),
                  camera.site(),
                  camera.zone(),
                  camera.url(),
                  camera.sampleFps(),
                  camera.enabled(),
                  state,
                  status == null ? null : Math.round(status.fps() * 100) / 100.0,
                  status == null ? null : status.framesSent(),
                  status == null ? null : status.framesDropped(),
                  lastFrameAt,
                  status == null ? null : status.lastError(),
                  frame == null ? null : frame.frameId(),
                  online);
            })
        .toList();
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
