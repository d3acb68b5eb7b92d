package io.maskwatch.alert;

import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.alert.domain.ViolationPolicy;
import io.maskwatch.alert.domain.tracking.DecisionRule;
import io.maskwatch.alert.domain.tracking.TrackedFace;
import io.maskwatch.alert.domain.tracking.Tracker;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.FrameRepository;
import io.maskwatch.alert.store.StoreException;
import io.maskwatch.alert.store.TrackRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores a frame's verdicts and the alerts they raise, in one transaction, exactly once per frame:
 * the first delivery writes the frame, its faces and its alerts; any later delivery of the same
 * frame id writes nothing and gets the alerts the first one raised, so they can be published again.
 */
@ApplicationScoped
public class VerdictRecorder {

  /**
   * What storing a frame's verdicts came to.
   *
   * @param firstDelivery true when this delivery stored the frame, false when it was stored before
   * @param position where the stored frame's picture lies in Kafka
   * @param alerts every alert of the frame, in face order, as stored
   */
  public record Recorded(boolean firstDelivery, FramePosition position, List<RaisedAlert> alerts) {}

  private final DataSource dataSource;
  private final FrameRepository frames;
  private final AlertRepository alerts;
  private final ViolationPolicy policy;
  private final TrackRepository tracks;
  private final Tracker tracker;
  private final Clock clock;

  public VerdictRecorder(
      DataSource dataSource,
      FrameRepository frames,
      AlertRepository alerts,
      ViolationPolicy policy,
      TrackRepository tracks,
      Tracker tracker) {
    this.dataSource = dataSource;
    this.frames = frames;
    this.alerts = alerts;
    this.policy = policy;
    this.tracks = tracks;
    this.tracker = tracker;
    this.clock = Clock.systemUTC();
  }

  @Transactional
  public Recorded record(AnalysedFrame frame) {
    // Millisecond precision: what the Alert message (timestamp-millis) can carry.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (Connection connection = dataSource.getConnection()) {
      boolean first = frames.insertIfAbsent(connection, frame, now);
      if (first) {
        List<TrackedFace> tracked = tracker.observe(frame, DecisionRule.defaults());
        Map<Integer, UUID> trackIds = new HashMap<>();
        tracked.forEach(face -> trackIds.put(face.face().index(), face.trackId()));
        frames.insertFaces(connection, frame, trackIds);
        tracks.upsert(connection, frame, tracked);
        alerts.insert(connection, policy.alertsFor(frame, now));
      }
      FramePosition position =
          first ? frame.position() : frames.position(connection, frame.frameId()).orElseThrow();
      return new Recorded(first, position, alerts.forFrame(connection, frame.frameId()));
    } catch (SQLException e) {
      throw new StoreException(
          "storing the verdicts of frame " + frame.frameId() + " failed: " + e.getMessage(), e);
    }
  }
}
