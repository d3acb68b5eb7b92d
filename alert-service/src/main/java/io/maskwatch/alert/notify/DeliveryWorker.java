package io.maskwatch.alert.notify;

import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.notify.Backoff;
import io.maskwatch.alert.store.NotificationRepository;
import io.maskwatch.alert.store.NotificationRepository.Notification;
import io.maskwatch.alert.store.StoreAvailability;
import io.maskwatch.alert.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: claims due rows (a lease, so that a crashed worker's rows come back after
 * it), sends each to its channel, and marks it delivered, or reschedules it with exponential
 * backoff, or marks it failed after the last attempt. A row is marked delivered once; a worker that
 * dies between sending and marking leaves the row to be sent again after the lease (at least once
 * to the channel, with the alert id for the receiver to drop the repeat).
 */
@ApplicationScoped
public class DeliveryWorker {

  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

  private final NotificationRepository outbox;
  private final StoreAvailability store;
  private final ChannelSenders senders;
  private final MeterRegistry registry;
  private final Backoff backoff;
  private final Duration lease;
  private final int batch;
  private final boolean enabled;
  private final Clock clock = Clock.systemUTC();

  public DeliveryWorker(
      NotificationRepository outbox,
      ChannelSenders senders,
      MeterRegistry registry,
      AlertConfig config,
      StoreAvailability store) {
    this.store = store;
    this.outbox = outbox;
    this.senders = senders;
    this.registry = registry;
    AlertConfig.Notifications notify = config.notifications();
    this.backoff = new Backoff(notify.backoffInitial(), notify.backoffMax(), notify.maxAttempts());
    this.lease = notify.lease();
    this.batch = notify.batch();
    this.enabled = notify.enabled();
  }

  @Scheduled(
      every = "${maskwatch.alert.notifications.poll:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (!enabled) {
      return;
    }
    try {
      deliverDue();
      store.available();
    } catch (RuntimeException e) {
      if (!(e instanceof StoreException && StoreAvailability.unavailable(e))) {
        throw e;
      }
      // The database is away: the outage is logged once (StoreAvailability), claimed rows come
      // back after their lease, and the next poll tries again.
      store.failed(e);
    }
  }

  /** Delivers what is due now; returns how many rows it attempted. */
  public int deliverDue() {
    List<Notification> due = outbox.claim(batch, lease, clock.instant());
    for (Notification row : due) {
      deliver(row);
    }
    return due.size();
  }

  private void deliver(Notification row) {
    try {
      senders.send(row.spec(), row.payload());
      outbox.delivered(row.alertId(), row.channel(), clock.instant());
      registry.counter("maskwatch.notifications.delivered", "type", row.channelType()).increment();
      LOG.infof("alert %s delivered to %s (%s)", row.alertId(), row.channel(), row.channelType());
    } catch (DeliveryException | RuntimeException e) {
      if (e instanceof StoreException && StoreAvailability.unavailable(e)) {
        // Sent, but not marked: the row comes back after its lease (at least once, as documented).
        throw (StoreException) e;
      }
      Duration wait = backoff.after(row.attempts());
      Instant next = wait == null ? null : clock.instant().plus(wait);
      String error = String.valueOf(e.getMessage());
      outbox.failed(row.alertId(), row.channel(), error, next);
      registry
          .counter(
              "maskwatch.notifications.failed",
              "type",
              row.channelType(),
              "final",
              String.valueOf(next == null))
          .increment();
      LOG.warnf(
          "alert %s to %s, attempt %d: %s; %s",
          row.alertId(),
          row.channel(),
          row.attempts(),
          error,
          next == null ? "giving up" : "next attempt at " + next);
    }
  }
}
