package io.maskwatch.alert.rest;

import io.maskwatch.alert.AlertFeed;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Connects each {@code /api/alerts/stream} listener to the {@link AlertFeed}. A listener first gets
 * {@code event: ready} (so it knows it is connected), then one event per change; once its
 * connection is gone, the next change unsubscribes it.
 */
@ApplicationScoped
public class AlertStreams {

  private static final Logger LOG = Logger.getLogger(AlertStreams.class);

  private final AlertFeed feed;

  public AlertStreams(AlertFeed feed) {
    this.feed = feed;
  }

  void listen(SseEventSink sink, Sse sse) {
    AtomicReference<Cancellable> subscription = new AtomicReference<>();
    subscription.set(
        feed.changes()
            .subscribe()
            .with(
                change -> {
                  if (sink.isClosed()) {
                    cancel(subscription);
                    return;
                  }
                  OutboundSseEvent event =
                      sse.newEventBuilder()
                          .name(change.event())
                          .id(change.alert().alertId().toString())
                          .mediaType(MediaType.APPLICATION_JSON_TYPE)
                          .data(AlertView.class, AlertView.of(change.alert()))
                          .build();
                  sink.send(event)
                      .whenComplete(
                          (ignored, failure) -> {
                            if (failure != null) {
                              LOG.debugf("alert stream listener gone: %s", failure.getMessage());
                              cancel(subscription);
                              sink.close();
                            }
                          });
                },
                failure -> sink.close()));
    sink.send(
        sse.newEventBuilder()
            .name("ready")
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(Map.class, Map.of("events", AlertFeed.RAISED + "," + AlertFeed.UPDATED))
            .build());
  }

  private static void cancel(AtomicReference<Cancellable> subscription) {
    Cancellable cancellable = subscription.get();
    if (cancellable != null) {
      cancellable.cancel();
    }
  }
}
