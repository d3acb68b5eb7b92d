package io.maskwatch.alert;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cameras as this replica last read them: the registry ({@code cameras}, compacted) and each
 * camera's latest capture report ({@code camera-status}), for {@code /api/cameras} and the
 * overview. The URL is kept only with its credentials masked.
 */
@ApplicationScoped
public class CameraRegistry {

  /** A registered camera; {@code url} has its user info and secret parameters masked. */
  public record Definition(
      String id,
      String name,
      String site,
      String zone,
      String url,
      double sampleFps,
      int maxWidth,
      int maxHeight,
      boolean enabled) {}

  /** The latest capture report of a camera. */
  public record Status(
      String state,
      double fps,
      long framesSent,
      long framesDropped,
      Instant lastFrameAt,
      String lastError,
      String instance,
      Instant reportedAt) {}

  private final Map<String, Definition> definitions = new ConcurrentHashMap<>();
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();

  public void define(Definition definition) {
    definitions.put(definition.id(), definition);
  }

  public void remove(String cameraId) {
    definitions.remove(cameraId);
    statuses.remove(cameraId);
  }

  /** Keeps the report unless a newer one of the camera is already there. */
  public void report(String cameraId, Status status) {
    statuses.merge(
        cameraId,
        status,
        (old, latest) -> latest.reportedAt().isBefore(old.reportedAt()) ? old : latest);
  }

  /** Every registered camera, by id. */
  public List<Definition> cameras() {
    return definitions.values().stream().sorted(Comparator.comparing(Definition::id)).toList();
  }

  public Optional<Definition> camera(String cameraId) {
    return Optional.ofNullable(definitions.get(cameraId));
  }

  public Optional<Status> status(String cameraId) {
    return Optional.ofNullable(statuses.get(cameraId));
  }
}
