package io.maskwatch.alert;

import io.maskwatch.alert.domain.AlertIds;
import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.FramePosition;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.alert.domain.SiteAlert;
import io.maskwatch.alert.domain.ViolationPolicy;
import io.maskwatch.alert.domain.compliance.ComplianceDeltas;
import io.maskwatch.alert.domain.compliance.ComplianceThreshold;
import io.maskwatch.alert.domain.notify.AlertMessage;
import io.maskwatch.alert.domain.rules.AlertDecision;
import io.maskwatch.alert.domain.rules.ComplianceAlertRule;
import io.maskwatch.alert.domain.rules.EffectiveRule;
import io.maskwatch.alert.domain.tracking.TrackedFace;
import io.maskwatch.alert.domain.tracking.Tracker;
import io.maskwatch.alert.store.AlertRepository;
import io.maskwatch.alert.store.ComplianceRepository;
import io.maskwatch.alert.store.FrameRepository;
import io.maskwatch.alert.store.NotificationRepository;
import io.maskwatch.alert.store.SiteAlertRepository;
import io.maskwatch.alert.store.StoreException;
import io.maskwatch.alert.store.TrackRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores a frame's verdicts, their tracks and the alerts they raise, in one transaction, exactly
 * once per frame: the first delivery tracks the faces, writes the frame, its faces, their tracks
 * and any alert; a later delivery of the same frame id writes nothing and gets the alerts the first
 * one raised, so they can be published again.
 *
 * <p>An alert is raised when a track is decided as a violation, at most once per track, unless the
 * camera's rules hold it back ({@link AlertDecision}).
 */
@ApplicationScoped
public class VerdictRecorder {

  /**
   * What storing a frame's verdicts came to.
   *
   * @param firstDelivery true when this delivery stored the frame, false when it was stored before
   * @param position where the stored frame's picture lies in Kafka
   * @param alerts every alert the frame raised, in face order, as stored
   * @param tracked the frame's faces with their tracks (first delivery only; else empty)
   * @param held tracks decided as violations whose alert the rules held back, by reason
   */
  public record Recorded(
      boolean firstDelivery,
      FramePosition position,
      List<RaisedAlert> alerts,
      List<TrackedFace> tracked,
      List<AlertDecision> held,
      List<SiteAlert> siteAlerts) {}

  private final DataSource dataSource;
  private final FrameRepository frames;
  private final AlertRepository alerts;
  private final TrackRepository tracks;
  private final ComplianceRepository compliance;
  private final NotificationRepository notifications;
  private final ViolationPolicy policy;
  private final Tracker tracker;
  private final RuleService rules;
  private final SiteAlertRepository siteAlerts;
  private final Clock clock;

  public VerdictRecorder(
      DataSource dataSource,
      FrameRepository frames,
      AlertRepository alerts,
      TrackRepository tracks,
      ComplianceRepository compliance,
      NotificationRepository notifications,
      ViolationPolicy policy,
      Tracker tracker,
      RuleService rules,
      SiteAlertRepository siteAlerts) {
    this.dataSource = dataSource;
    this.frames = frames;
    this.alerts = alerts;
    this.tracks = tracks;
    this.compliance = compliance;
    this.notifications = notifications;
    this.policy = policy;
    this.tracker = tracker;
    this.rules = rules;
    this.siteAlerts = siteAlerts;
    this.clock = Clock.systemUTC();
  }

  @Transactional
  public Recorded record(AnalysedFrame frame) {
    // Millisecond precision: what the Alert message (timestamp-millis) can carry.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (Connection connection = dataSource.getConnection()) {
      if (!frames.insertIfAbsent(connection, frame, now)) {
        FramePosition position = frames.position(connection, frame.frameId()).orElseThrow();
        return new Recorded(
            false,
            position,
            alerts.forFrame(connection, frame.frameId()),
            List.of(),
            List.of(),
            List.of());
      }
      EffectiveRule rule = rules.effective(frame.cameraId());
      List<TrackedFace> tracked = tracker.observe(frame, rule.decision());
      Map<Integer, UUID> trackIds = new HashMap<>();
      tracked.forEach(face -> trackIds.put(face.face().index(), face.trackId()));
      frames.insertFaces(connection, frame, trackIds);
      tracks.upsert(connection, frame, tracked);
      compliance.add(
          connection,
          frame.cameraId(),
          rule.site(),
          rule.zone(),
          ComplianceDeltas.of(frame, tracked));

      List<RaisedAlert> raised = new ArrayList<>();
      List<AlertDecision> held = new ArrayList<>();
      for (TrackedFace face : tracked) {
        if (!face.decidedNow() || !policy.isViolation(face.label())) {
          continue;
        }
        boolean upload = Tracker.UPLOAD.equals(frame.source());
        AlertDecision decision =
            AlertDecision.decide(
                rule,
                upload,
                frame.capturedAt(),
                upload ? null : alerts.lastAlertCapturedAt(connection, frame.cameraId()));
        tracks.setOutcome(connection, face.trackId(), decision.wireName());
        if (decision != AlertDecision.RAISE) {
          held.add(decision);
          continue;
        }
        RaisedAlert alert =
            new RaisedAlert(
                AlertIds.of(frame.frameId(), face.face().index()),
                frame.frameId(),
                face.face().index(),
                frame.cameraId(),
                face.label(),
                face.face().confidence(),
                face.face().box(),
                now,
                face.trackId(),
                frame.capturedAt(),
                rule.site(),
                RaisedAlert.Handling.NONE);
        // Inserted one by one: the next violator of the same frame sees this one's cooldown.
        alerts.insert(connection, List.of(alert));
        // The outbox row commits with the alert, or neither does.
        notifications.enqueue(
            connection, AlertMessage.of(alert), rule.site(), rule.channels(), now);
        raised.add(alert);
      }
      List<SiteAlert> siteAlerts = judgeSite(connection, frame, rule, now);
      return new Recorded(true, frame.position(), raised, tracked, held, siteAlerts);
    } catch (SQLException e) {
      throw new StoreException(
          "storing the verdicts of frame " + frame.frameId() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The site threshold rule, judged on the site's window ending in this frame's minute (this
   * frame's counts included): raises a site alert and queues its notifications when the share
   * dropped below, closes the open one when it is back.
   */
  private List<SiteAlert> judgeSite(
      Connection connection, AnalysedFrame frame, EffectiveRule rule, Instant now)
      throws SQLException {
    ComplianceAlertRule threshold = rule.complianceAlert();
    if (threshold == null || Tracker.UPLOAD.equals(frame.source())) {
      return List.of();
    }
    Instant end = ComplianceDeltas.minute(frame.capturedAt());
    SiteAlertRepository.WindowCounts counts =
        siteAlerts.window(
            connection, rule.site(), end.minus(Duration.ofMinutes(threshold.window())), end);
    String kind = SiteAlert.COMPLIANCE_BELOW_THRESHOLD;
    SiteAlert latest = siteAlerts.latest(connection, rule.site(), kind);
    boolean open = latest != null && latest.recoveredAt() == null;
    ComplianceThreshold.Outcome outcome =
        ComplianceThreshold.judge(
            threshold,
            counts.masked(),
            counts.decided(),
            open,
            latest == null ? null : latest.windowEnd(),
            frame.capturedAt());
    switch (outcome) {
      case RECOVER -> siteAlerts.recover(connection, rule.site(), kind, now);
      case RAISE -> {
        SiteAlert alert =
            new SiteAlert(
                UUID.randomUUID(),
                kind,
                rule.site(),
                ComplianceThreshold.percent(counts.masked(), counts.decided()),
                threshold.minPercent(),
                threshold.window(),
                counts.decided(),
                counts.masked(),
                frame.capturedAt(),
                now,
                null);
        if (siteAlerts.insertIfNoneOpen(connection, alert)) {
          notifications.enqueue(
              connection, AlertMessage.of(alert), rule.site(), rule.channels(), now);
          return List.of(alert);
        }
      }
      case NONE -> {}
    }
    return List.of();
  }
}
