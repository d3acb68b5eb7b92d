package io.maskwatch.alert.messaging;

import io.maskwatch.alert.CameraPlacements;
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
 * for each camera's site and zone. A tombstone forgets the camera. The URL, which may hold
 * credentials, is never kept or logged here.
 */
@ApplicationScoped
public class CamerasConsumer {

  private static final Logger LOG = Logger.getLogger(CamerasConsumer.class);

  private final CameraPlacements placements;

  public CamerasConsumer(CameraPlacements placements) {
    this.placements = placements;
  }

  @Incoming(Topics.CAMERAS)
  public void onCamera(ConsumerRecord<String, byte[]> record) {
    String cameraId = record.key();
    if (record.value() == null) {
      if (cameraId != null) {
        placements.remove(cameraId);
      }
      return;
    }
    try {
      CameraDefinition camera = EventCodec.CAMERA_DEFINITION.decode(record.value());
      placements.put(camera.getCameraId(), new CameraPlacement(camera.getSite(), camera.getZone()));
    } catch (MalformedEventException e) {
      // The registry is ingest-service's; a record it cannot have written is skipped, not fatal.
      LOG.warnf(
          "cameras partition %d offset %d is not a camera definition, skipped: %s",
          record.partition(), record.offset(), e.getMessage());
    }
  }
}
