package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.auth.Role;
import io.maskwatch.alert.store.NotificationRepository;
import io.maskwatch.alert.store.NotificationRepository.Notification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /api/notifications?alertId=&status=pending|delivered|failed&limit=}: the outbox,
 * newest first, with attempts and the last error, so that failed deliveries are visible.
 */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

  /** One delivery of one alert to one channel. */
  public record NotificationView(
      String alertId,
      String channel,
      String type,
      String site,
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant createdAt,
      Instant deliveredAt) {

    static NotificationView of(Notification row) {
      return new NotificationView(
          row.alertId().toString(),
          row.channel(),
          row.channelType(),
          row.site(),
          row.status(),
          row.attempts(),
          row.nextAttemptAt(),
          row.lastError(),
          row.createdAt(),
          row.deliveredAt());
    }
  }

  private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");

  private final NotificationRepository outbox;

  public NotificationResource(NotificationRepository outbox) {
    this.outbox = outbox;
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public List<NotificationView> list(
      @QueryParam("alertId") String alertId,
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit) {
    UUID id = null;
    if (alertId != null) {
      try {
        id = UUID.fromString(alertId);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("alertId must be a UUID, got '" + alertId + "'");
      }
    }
    if (status != null && !STATUSES.contains(status)) {
      throw new InvalidRequestException(
          "status must be pending, delivered or failed, got '" + status + "'");
    }
    int max = limit == null ? 100 : limit;
    if (max < 1 || max > 1000) {
      throw new InvalidRequestException("limit must be between 1 and 1000, got " + max);
    }
    return outbox.find(id, status, max).stream().map(NotificationView::of).toList();
  }
}
