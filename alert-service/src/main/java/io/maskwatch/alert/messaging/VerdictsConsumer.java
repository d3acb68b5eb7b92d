package io.maskwatch.alert.messaging;

import io.maskwatch.alert.VerdictRecorder;
import io.maskwatch.alert.VerdictRecorder.Recorded;
import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.alert.domain.SiteAlert;
import io.maskwatch.alert.health.HeldMessage;
import io.maskwatch.alert.snapshot.AlertSnapshots;
import io.maskwatch.alert.store.StoreAvailability;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code verdicts}: stores each frame with its faces and alerts, then publishes the frame's
 * alerts to {@code alerts}. The message is acknowledged only after Kafka has the alerts, so every
 * alert reaches {@code alerts} at least once; a redelivered message stores nothing new and
 * publishes the same alerts (same ids) again.
 *
 * <p>A message that cannot be decoded or stored is negatively acknowledged, which sends it to
 * {@code dead-letters} with the reason, and the next message is read. A database that does not
 * answer is not the message's fault: the message is held, unacknowledged (its offset is not
 * committed), and stored again until the database answers ({@link StoreAvailability}); the
 * connector stops fetching once its queue is full.
 */
@ApplicationScoped
public class VerdictsConsumer {

  private static final Logger LOG = Logger.getLogger(VerdictsConsumer.class);

  private final VerdictRecorder recorder;
  private final AlertPublisher publisher;
  private final AlertSnapshots snapshots;
  private final MeterRegistry registry;
  private final Counter stored;
  private final Counter redelivered;
  private final Counter rejected;
  private final Timer storeTimer;
  private final StoreAvailability store;
  private final HeldMessage held = new HeldMessage();

  public VerdictsConsumer(
      VerdictRecorder recorder,
      AlertPublisher publisher,
      AlertSnapshots snapshots,
      StoreAvailability store,
      MeterRegistry registry) {
    this.store = store;
    this.recorder = recorder;
    this.publisher = publisher;
    this.snapshots = snapshots;
    this.registry = registry;
    this.stored =
        Counter.builder("maskwatch.verdicts.stored")
            .description("Frames whose verdicts were stored (first delivery)")
            .register(registry);
    this.redelivered =
        Counter.builder("maskwatch.verdicts.redelivered")
            .description("Verdicts of frames stored before; their alerts were published again")
            .register(registry);
    this.rejected =
        Counter.builder("maskwatch.verdicts.rejected")
            .description("Verdicts messages sent to the dead letters")
            .register(registry);
    this.storeTimer =
        Timer.builder("maskwatch.store")
            .description("Storing one frame's verdicts and alerts in one transaction")
            .register(registry);
  }

  @Incoming(Topics.VERDICTS)
  @Blocking
  public CompletionStage<Void> consume(Message<byte[]> message) {
    try {
      AnalysedFrame frame =
          VerdictsMapper.toDomain(EventCodec.VERDICTS.decode(message.getPayload()));
      Optional<Recorded> stored =
          store.retryWhileUnavailable(
              () -> {
                held.step();
                return storeTimer.record(() -> recorder.record(frame));
              });
      if (stored.isEmpty()) {
        // Stopping while the database is away: neither acknowledged nor dead-lettered, so the
        // offset stays and the message comes again after the restart.
        LOG.infof(
            "stopping while the database is unavailable: frame %s left unacknowledged",
            frame.frameId());
        return new CompletableFuture<>();
      }
      Recorded recorded = stored.get();
      count(frame, recorded);
      held.step();
      publisher.publish(recorded.position(), recorded.alerts());
      for (RaisedAlert alert : recorded.alerts()) {
        held.step();
        snapshot(frame, alert);
      }
      return message.ack();
    } catch (RuntimeException e) {
      rejected.increment();
      LOG.warnf("verdicts message sent to %s: %s", Topics.DEAD_LETTERS, e.getMessage());
      return message.nack(e);
    } finally {
      held.released();
    }
  }

  /** The message in hand, for liveness ({@link io.maskwatch.alert.health.VerdictsLiveness}). */
  public HeldMessage held() {
    return held;
  }

  /** Evidence is best effort: its failure is logged, never a reason to refuse the verdicts. */
  private void snapshot(AnalysedFrame frame, RaisedAlert alert) {
    try {
      snapshots.capture(frame, alert);
    } catch (RuntimeException e) {
      LOG.warnf("snapshot of alert %s failed: %s", alert.alertId(), e.getMessage());
    }
  }

  /** Counted once the transaction is committed, whether or not the alerts then reach Kafka. */
  private void count(AnalysedFrame frame, Recorded recorded) {
    if (recorded.firstDelivery()) {
      stored.increment();
      recorded
          .held()
          .forEach(
              reason ->
                  registry
                      .counter("maskwatch.alerts.held", "reason", reason.wireName())
                      .increment());
      for (RaisedAlert alert : recorded.alerts()) {
        registry.counter("maskwatch.alerts.raised", "label", alert.label().wireName()).increment();
      }
      for (SiteAlert alert : recorded.siteAlerts()) {
        registry.counter("maskwatch.site.alerts.raised", "kind", alert.kind()).increment();
        LOG.infof(
            "site %s: %.1f %% masked over the last %d min (threshold %.1f %%, %d people);"
                + " site alert %s raised",
            alert.site(),
            alert.percent(),
            alert.windowMinutes(),
            alert.minPercent(),
            alert.people(),
            alert.alertId());
      }
      if (!recorded.alerts().isEmpty()) {
        LOG.infof(
            "frame %s of camera %s: %d face(s), %d alert(s) raised for tracks decided as violations",
            frame.frameId(), frame.cameraId(), frame.faces().size(), recorded.alerts().size());
      }
    } else {
      redelivered.increment();
      LOG.infof(
          "frame %s of camera %s was stored before; publishing its %d alert(s) again",
          frame.frameId(), frame.cameraId(), recorded.alerts().size());
    }
  }
}
