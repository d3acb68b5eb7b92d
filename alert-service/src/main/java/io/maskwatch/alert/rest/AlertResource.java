package io.maskwatch.alert.rest;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.AlertFilter;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.SnapshotRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/alerts}: the alerts raised, newest first. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

  private final AlertRepository alerts;
  private final SnapshotRepository snapshots;
  private final AlertConfig.Api api;

  public AlertResource(AlertRepository alerts, SnapshotRepository snapshots, AlertConfig config) {
    this.alerts = alerts;
    this.snapshots = snapshots;
    this.api = config.api();
  }

  /**
   * @param cameraId only this camera's alerts (optional)
   * @param label only alerts with this label, a wire name such as {@code without_mask} (optional)
   * @param limit at most this many, 1..max-limit (optional; default-limit when absent)
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public List<AlertView> list(
      @QueryParam("cameraId") String cameraId,
      @QueryParam("label") String label,
      @QueryParam("limit") String limit) {
    AlertFilter filter = new AlertFilter(camera(cameraId), label(label), limit(limit));
    return alerts.find(filter).stream().map(AlertView::of).toList();
  }

  /** Acknowledges the alert; 404 for an unknown id. The first acknowledgement stands. */
  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Path("{alertId}/ack")
  public AlertView acknowledge(@PathParam("alertId") String alertId, @QueryParam("by") String by) {
    UUID id = alertId(alertId);
    if (!alerts.acknowledge(id, by, Instant.now())) {
      throw new UnknownAlertException(alertId);
    }
    return AlertView.of(alerts.find(id).orElseThrow(() -> new UnknownAlertException(alertId)));
  }

  /**
   * Sets the alert aside for {@code minutes} (1..10080); its pending notifications wait as long.
   * 404 for an unknown id.
   */
  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Path("{alertId}/snooze")
  public AlertView snooze(
      @PathParam("alertId") String alertId, @QueryParam("minutes") String minutes) {
    UUID id = alertId(alertId);
    long value;
    try {
      value = Long.parseLong(minutes == null ? "" : minutes.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("minutes must be a whole number, got '" + minutes + "'");
    }
    if (value < 1 || value > 10080) {
      throw new InvalidRequestException("minutes must be between 1 and 10080, got " + value);
    }
    Instant until = Instant.now().plus(Duration.ofMinutes(value)).truncatedTo(ChronoUnit.MILLIS);
    if (!alerts.snooze(id, until)) {
      throw new UnknownAlertException(alertId);
    }
    return AlertView.of(alerts.find(id).orElseThrow(() -> new UnknownAlertException(alertId)));
  }

  /**
   * The alert's snapshot (JPEG): 404 for an unknown alert or one without a snapshot (the body says
   * why), 410 once retention deleted it.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{alertId}/snapshot.jpg")
  @Produces("image/jpeg")
  public Response snapshot(@PathParam("alertId") String alertId) {
    UUID id = alertId(alertId);
    SnapshotRepository.Snapshot snapshot =
        snapshots
            .find(id)
            .orElseThrow(
                () ->
                    alerts.find(id).isPresent()
                        ? new UnknownAlertException(alertId + " snapshot (not made yet)")
                        : new UnknownAlertException(alertId));
    if (snapshot.deletedAt() != null) {
      return Response.status(Response.Status.GONE)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(
              new ApiError(
                  410,
                  "the snapshot of alert "
                      + alertId
                      + " was deleted by retention at "
                      + snapshot.deletedAt()
                      + "; the alert and the counts are kept"))
          .build();
    }
    if (snapshot.image() == null) {
      throw new UnknownAlertException(alertId + " snapshot: " + snapshot.error());
    }
    return Response.ok(snapshot.image(), snapshot.contentType()).build();
  }

  private static UUID alertId(String alertId) {
    try {
      return UUID.fromString(alertId);
    } catch (IllegalArgumentException e) {
      throw new UnknownAlertException(alertId);
    }
  }

  private static String camera(String cameraId) {
    if (cameraId != null && cameraId.isBlank()) {
      throw new InvalidRequestException("cameraId must not be blank when given");
    }
    return cameraId;
  }

  private static Label label(String label) {
    if (label == null) {
      return null;
    }
    try {
      return Label.fromWireName(label);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private int limit(String limit) {
    if (limit == null) {
      return api.defaultLimit();
    }
    int value;
    try {
      value = Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("limit must be a whole number, got '" + limit + "'");
    }
    if (value < 1 || value > api.maxLimit()) {
      throw new InvalidRequestException(
          "limit must be between 1 and " + api.maxLimit() + ", got " + value);
    }
    return value;
  }
}
