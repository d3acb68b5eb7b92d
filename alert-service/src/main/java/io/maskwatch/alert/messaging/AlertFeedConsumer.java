package io.maskwatch.alert.messaging;

import io.maskwatch.alert.AlertFeed;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.StoreAvailability;
import io.maskwatch.alert.store.StoreException;
import io.maskwatch.events.Alert;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.MalformedEventException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code alerts} (channel {@code alerts-feed}: every replica all new ones, a group of its
 * own, nothing committed) for the dashboard's live list: whichever replica stored an alert, the
 * pages connected to any replica hear of it. The row is read back by id (committed before the alert
 * was published) for the fields the message does not carry. An alert published again after a
 * redelivery is announced again, with the same id.
 */
@ApplicationScoped
public class AlertFeedConsumer {

  private static final Logger LOG = Logger.getLogger(AlertFeedConsumer.class);

  private final AlertRepository alerts;
  private final AlertFeed feed;
  private final StoreAvailability store;

  public AlertFeedConsumer(AlertRepository alerts, AlertFeed feed, StoreAvailability store) {
    this.store = store;
    this.alerts = alerts;
    this.feed = feed;
  }

  @Incoming("alerts-feed")
  @Blocking
  public void onAlert(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    try {
      Alert alert = EventCodec.ALERT.decode(record.value());
      alerts.find(UUID.fromString(alert.getAlertId())).ifPresent(feed::raised);
    } catch (MalformedEventException | IllegalArgumentException e) {
      LOG.warnf(
          "alerts partition %d offset %d is not an alert, not announced: %s",
          record.partition(), record.offset(), e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof StoreException && StoreAvailability.unavailable(e)) {
        // Logged once per outage; the live list misses it, the alert list has it afterwards.
        store.failed(e);
        return;
      }
      LOG.warnf("alert at alerts offset %d not announced: %s", record.offset(), e.getMessage());
    }
  }
}
