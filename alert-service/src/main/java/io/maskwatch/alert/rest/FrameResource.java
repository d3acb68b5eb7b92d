package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.StoredFrame;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.snapshot.AnnotatedFrames;
import io.maskwatch.alert.store.FrameRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/frames/{frameId}}: a stored frame's verdicts, and its picture annotated. */
@Path("/api/frames/{frameId}")
public class FrameResource {

  private final FrameRepository frames;
  private final AnnotatedFrames annotated;

  public FrameResource(FrameRepository frames, AnnotatedFrames annotated) {
    this.frames = frames;
    this.annotated = annotated;
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public FrameView frame(@PathParam("frameId") String frameId) {
    return FrameView.of(stored(frameId));
  }

  /**
   * The frame's picture from Kafka with every face boxed and labelled: 404 for an unknown frame,
   * 410 when Kafka no longer holds the picture, 503 when Kafka does not answer.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("annotated.png")
  @Produces("image/png")
  public byte[] annotatedPng(@PathParam("frameId") String frameId) {
    return annotated.png(stored(frameId).frame());
  }

  private StoredFrame stored(String frameId) {
    return frames.find(frameId).orElseThrow(() -> new UnknownFrameException(frameId));
  }
}
