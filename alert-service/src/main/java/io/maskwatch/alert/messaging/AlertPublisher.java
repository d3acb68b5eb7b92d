package io.maskwatch.alert.messaging;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.events.Alert;
import io.maskwatch.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes alerts to {@code alerts}, keyed by camera, and waits until Kafka has them. */
@ApplicationScoped
public class AlertPublisher {

  private final MutinyEmitter<Alert> emitter;
  private final Duration timeout;

  public AlertPublisher(@Channel(Topics.ALERTS) MutinyEmitter<Alert> emitter, AlertConfig config) {
    this.emitter = emitter;
    this.timeout = config.publishTimeout();
  }

  /**
   * Sends every alert and returns once Kafka acknowledged them all.
   *
   * @throws IllegalStateException saying which frame and why, when a send fails or they are not all
   *     acknowledged in time
   */
  public void publish(FramePosition position, List<RaisedAlert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    List<Uni<Void>> sends =
        alerts.stream()
            .map(
                alert ->
                    emitter.sendMessage(
                        Message.of(VerdictsMapper.toEvent(alert, position))
                            .addMetadata(
                                OutgoingKafkaRecordMetadata.<String>builder()
                                    .withKey(alert.cameraId())
                                    .build())))
            .toList();
    try {
      Uni.join().all(sends).andFailFast().await().atMost(timeout);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "alerts of frame "
              + alerts.get(0).frameId()
              + " not acknowledged by Kafka within "
              + timeout
              + ": "
              + e,
          e);
    }
  }
}
