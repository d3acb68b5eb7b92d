package io.maskwatch.alert.messaging;

import io.maskwatch.alert.CameraRegistry;
import io.maskwatch.events.CameraStatus;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.MalformedEventException;
import io.maskwatch.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code camera-status} (every replica all of it, like {@code cameras}): each camera's latest
 * capture report, for the dashboard. A record that is not a status is skipped.
 */
@ApplicationScoped
public class CameraStatusConsumer {

  private static final Logger LOG = Logger.getLogger(CameraStatusConsumer.class);

  private final CameraRegistry registry;

  public CameraStatusConsumer(CameraRegistry registry) {
    this.registry = registry;
  }

  @Incoming(Topics.CAMERA_STATUS)
  public void onStatus(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    try {
      CameraStatus status = EventCodec.CAMERA_STATUS.decode(record.value());
      registry.report(
          status.getCameraId(),
          new CameraRegistry.Status(
              // ingest's "failed" is a camera waiting to retry: the dashboard calls it backoff.
              status.getState().name().equals("failed") ? "backoff" : status.getState().name(),
              status.getFps(),
              status.getFramesSent(),
              status.getFramesDropped(),
              status.getLastFrameAt(),
              status.getLastError(),
              status.getInstance(),
              status.getReportedAt()));
    } catch (MalformedEventException e) {
      LOG.warnf(
          "camera-status partition %d offset %d is not a camera status, skipped: %s",
          record.partition(), record.offset(), e.getMessage());
    }
  }
}
