package io.maskwatch.alert.messaging;

import io.maskwatch.alert.CameraPlacements;
import io.maskwatch.alert.CameraRegistry;
import io.maskwatch.alert.domain.Urls;
import io.maskwatch.alert.domain.rules.CameraPlacement;
import io.maskwatch.events.CameraDefinition;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the camera registry (compacted {@code cameras}, every replica all of it, from the start)
 * for each camera's site and zone, and for the dashboard's camera list. A tombstone forgets the
 * camera. The URL, which may hold credentials, is kept only masked and never logged.
 */
@ApplicationScoped
public class CamerasConsumer {

  private static final Logger LOG = Logger.getLogger(CamerasConsumer.class);

  private final CameraPlacements placements;
  private final CameraRegistry registry;

  public CamerasConsumer(CameraPlacements placements, CameraRegistry registry) {
    this.placements = placements;
    this.registry = registry;
  }

  @Incoming(Topics.CAMERAS)
  public void onCamera(ConsumerRecord<String, byte[]> record) {
    String cameraId = record.key();
    if (record.value() == null) {
      if (cameraId != null) {
        placements.remove(cameraId);
        registry.remove(cameraId);
      }
      return;
    }
    try {
      CameraDefinition camera = EventCodec.CAMERA_DEFINITION.decode(record.value());
      placements.put(camera.getCameraId(), new CameraPlacement(camera.getSite(), camera.getZone()));
      registry.define(
          new CameraRegistry.Definition(
              camera.getCameraId(),
              camera.getName(),
              camera.getSite(),
              camera.getZone(),
              Urls.mask(camera.getUrl()),
              camera.getSampleFps(),
              camera.getMaxWidth(),
              camera.getMaxHeight(),
              camera.getEnabled()));
    } catch (MalformedEventException e) {
      // The registry is ingest-service's; a record it cannot have written is skipped, not fatal.
      LOG.warnf(
          "cameras partition %d offset %d is not a camera definition, skipped: %s",
          record.partition(), record.offset(), e.getMessage());
    }
  }
}
