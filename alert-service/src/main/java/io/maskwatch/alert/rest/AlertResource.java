package io.maskwatch.alert.rest;

import io.maskwatch.alert.AlertFeed;
import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.AlertFilter;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.SnapshotRepository;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/alerts}: the alerts raised, newest first (JSON or CSV), live as Server-Sent Events,
 * acknowledged and snoozed by operators.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

  private final AlertRepository alerts;
  private final SnapshotRepository snapshots;
  private final AlertConfig.Api api;
  private final AlertStreams streams;
  private final AlertFeed feed;
  private final SecurityIdentity identity;

  public AlertResource(
      AlertRepository alerts,
      SnapshotRepository snapshots,
      AlertConfig config,
      AlertStreams streams,
      AlertFeed feed,
      SecurityIdentity identity) {
    this.streams = streams;
    this.alerts = alerts;
    this.snapshots = snapshots;
    this.api = config.api();
    this.feed = feed;
    this.identity = identity;
  }

  /**
   * The alerts as JSON, or as CSV with {@code format=csv} or {@code Accept: text/csv}.
   *
   * @param cameraId only this camera's alerts (optional)
   * @param label only alerts with this label, a wire name such as {@code without_mask} (optional)
   * @param status only {@code open}, {@code acknowledged} or {@code snoozed} alerts (optional)
   * @param site only this site's alerts (optional)
   * @param limit at most this many, 1..max-limit (optional; default-limit when absent)
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  public Response list(
      @QueryParam("cameraId") String cameraId,
      @QueryParam("label") String label,
      @QueryParam("status") String status,
      @QueryParam("site") String site,
      @QueryParam("limit") String limit,
      @QueryParam("format") String format,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw new InvalidRequestException("format must be csv or json, got '" + format + "'");
    }
    AlertFilter filter;
    try {
      filter =
          new AlertFilter(
              camera(cameraId), label(label), status, blank(site, "site"), limit(limit));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    List<AlertView> views = alerts.find(filter).stream().map(AlertView::of).toList();
    boolean csv =
        "csv".equals(format)
            || (format == null
                && accept != null
                && accept.contains("text/csv")
                && !accept.contains(MediaType.APPLICATION_JSON));
    if (csv) {
      return Response.ok(AlertCsv.of(views), "text/csv; charset=utf-8")
          .header("Content-Disposition", "attachment; filename=\"alerts.csv\"")
          .build();
    }
    return Response.ok(views, MediaType.APPLICATION_JSON_TYPE).build();
  }

  /**
   * Server-Sent Events: {@code event: alert} for each new alert, {@code event: alert-updated} for
   * each acknowledgement or snooze; {@code data:} is the alert as {@code GET /api/alerts} lists it.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(@Context SseEventSink sink, @Context Sse sse) {
    streams.listen(sink, sse);
  }

  /** Acknowledges the alert; 404 for an unknown id. The first acknowledgement stands. */
  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Path("{alertId}/ack")
  public AlertView acknowledge(@PathParam("alertId") String alertId) {
    UUID id = alertId(alertId);
    if (!alerts.acknowledge(id, identity.getPrincipal().getName(), Instant.now())) {
      throw new UnknownAlertException(alertId);
    }
    return changed(id, alertId);
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
    return changed(id, alertId);
  }

  private AlertView changed(UUID id, String alertId) {
    RaisedAlert alert = alerts.find(id).orElseThrow(() -> new UnknownAlertException(alertId));
    feed.updated(alert);
    return AlertView.of(alert);
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

  private static String blank(String value, String name) {
    if (value != null && value.isBlank()) {
      throw new InvalidRequestException(name + " must not be blank when given");
    }
    return value;
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
