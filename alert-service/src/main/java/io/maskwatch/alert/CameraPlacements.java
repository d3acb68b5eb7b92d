package io.maskwatch.alert;

import io.maskwatch.alert.domain.rules.CameraPlacement;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site and zone of every registered camera, as last read from the {@code cameras} topic, so
 * that a camera registered with {@code site: demo} is counted and alerted under that site without
 * repeating it in {@code /api/rules}.
 */
@ApplicationScoped
public class CameraPlacements {

  private final Map<String, CameraPlacement> byCamera = new ConcurrentHashMap<>();

  public void put(String cameraId, CameraPlacement placement) {
    byCamera.put(cameraId, placement);
  }

  public void remove(String cameraId) {
    byCamera.remove(cameraId);
  }

  /** The camera's placement, or {@link CameraPlacement#UNKNOWN}. */
  public CameraPlacement of(String cameraId) {
    return byCamera.getOrDefault(cameraId, CameraPlacement.UNKNOWN);
  }
}
