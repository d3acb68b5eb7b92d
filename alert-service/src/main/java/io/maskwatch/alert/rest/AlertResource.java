package io.maskwatch.alert.rest;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.AlertFilter;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.store.AlertRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/alerts}: the alerts raised, newest first. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

  private final AlertRepository alerts;
  private final AlertConfig.Api api;

  public AlertResource(AlertRepository alerts, AlertConfig config) {
    this.alerts = alerts;
    this.api = config.api();
  }

  /**
   * @param cameraId only this camera's alerts (optional)
   * @param label only alerts with this label, a wire name such as {@code without_mask} (optional)
   * @param limit at most this many, 1..max-limit (optional; default-limit when absent)
   */
  @GET
  public List<AlertView> list(
      @QueryParam("cameraId") String cameraId,
      @QueryParam("label") String label,
      @QueryParam("limit") String limit) {
    AlertFilter filter = new AlertFilter(camera(cameraId), label(label), limit(limit));
    return alerts.find(filter).stream().map(AlertView::of).toList();
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
