package io.maskwatch.alert;

import io.maskwatch.alert.domain.RaisedAlert;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Alerts as they happen, for the dashboard's live list ({@code GET /api/alerts/stream}): a new
 * alert once its transaction is committed, and every acknowledgement or snooze. In memory, per
 * replica: a replica tells its own listeners about the alerts it raised and the changes made
 * through it; a page that reconnects reads the list again.
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
