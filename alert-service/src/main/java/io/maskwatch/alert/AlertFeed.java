package io.maskwatch.alert;

import io.maskwatch.alert.domain.RaisedAlert;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Alerts as they happen, for the dashboard's live list ({@code GET /api/alerts/stream}): every new
 * alert as it reaches the {@code alerts} topic (after its transaction committed, whichever replica
 * stored it), and every acknowledgement or snooze made through this replica. In memory; a page that
 * reconnects reads the list again.
 */
@ApplicationScoped
public class AlertFeed {

  /** What happened to an alert: {@code alert} (raised) or {@code alert-updated}. */
  public record Change(String event, RaisedAlert alert) {}

  public static final String RAISED = "alert";
  public static final String UPDATED = "alert-updated";

  private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();

  public void raised(RaisedAlert alert) {
    changes.onNext(new Change(RAISED, alert));
  }

  public void updated(RaisedAlert alert) {
    changes.onNext(new Change(UPDATED, alert));
  }

  /** Every change from now on, buffered per listener. */
  public Multi<Change> changes() {
    return changes.onOverflow().bufferUnconditionally();
  }
}
