package io.maskwatch.alert.store;

import io.maskwatch.alert.domain.AlertFilter;
import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.Label;
import io.maskwatch.alert.domain.RaisedAlert;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code alerts} table. */
@ApplicationScoped
public class AlertRepository {

  private static final String INSERT =
      """
      INSERT INTO alerts (alert_id, frame_id, face_index, camera_id, label, confidence,
                          box_x, box_y, box_width, box_height, raised_at, track_id, captured_at,
                          site)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      """;

  private static final String SELECT_FOR_FRAME =
      "SELECT * FROM alerts WHERE frame_id = ? ORDER BY face_index";

  /** Newest first; the faces of one frame in index order. */
  private static final String ORDER_AND_LIMIT =
      " ORDER BY raised_at DESC, frame_id, face_index LIMIT ?";

  private final DataSource dataSource;

  public AlertRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Inserts the alerts; one that exists for its frame and face already is left as it is. */
  public void insert(Connection connection, List<RaisedAlert> alerts) throws SQLException {
    if (alerts.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (RaisedAlert alert : alerts) {
        insert.setObject(1, alert.alertId());
        insert.setString(2, alert.frameId());
        insert.setInt(3, alert.faceIndex());
        insert.setString(4, alert.cameraId());
        insert.setString(5, alert.label().wireName());
        insert.setFloat(6, alert.confidence());
        insert.setInt(7, alert.box().x());
        insert.setInt(8, alert.box().y());
        insert.setInt(9, alert.box().width());
        insert.setInt(10, alert.box().height());
        Sql.setInstant(insert, 11, alert.raisedAt());
        insert.setObject(12, alert.trackId());
        Sql.setInstant(insert, 13, alert.capturedAt());
        insert.setString(14, alert.site());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Capture time of the camera's latest alert, or null when it has none. */
  public Instant lastAlertCapturedAt(Connection connection, String cameraId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT max(captured_at) AS last FROM alerts WHERE camera_id = ?")) {
      select.setString(1, cameraId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return Sql.getInstant(row, "last");
      }
    }
  }

  /** One alert, or empty. */
  public java.util.Optional<RaisedAlert> find(UUID alertId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM alerts WHERE alert_id = ?")) {
      select.setObject(1, alertId);
      return read(select).stream().findFirst();
    } catch (SQLException e) {
      throw new StoreException("reading alert " + alertId + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Acknowledges the alert (the first acknowledgement stands) and ends any snooze.
   *
   * @return false for an unknown alert
   */
  public boolean acknowledge(UUID alertId, String by, Instant now) {
    return update(
        "UPDATE alerts SET acknowledged_at = COALESCE(acknowledged_at, ?),"
            + " acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN ? ELSE acknowledged_by"
            + " END, snoozed_until = NULL WHERE alert_id = ?",
        alertId,
        statement -> {
          Sql.setInstant(statement, 1, now);
          statement.setString(2, by);
          statement.setObject(3, alertId);
        });
  }

  /**
   * Sets the alert aside until {@code until}; its pending notifications wait until then.
   *
   * @return false for an unknown alert
   */
  public boolean snooze(UUID alertId, Instant until) {
    return update(
        "WITH snoozed AS (UPDATE alerts SET snoozed_until = ? WHERE alert_id = ? RETURNING 1)"
            + " , deferred AS (UPDATE notifications SET next_attempt_at ="
            + " GREATEST(next_attempt_at, ?) WHERE alert_id = ? AND status = 'pending')"
            + " SELECT count(*) FROM snoozed",
        alertId,
        statement -> {
          Sql.setInstant(statement, 1, until);
          statement.setObject(2, alertId);
          Sql.setInstant(statement, 3, until);
          statement.setObject(4, alertId);
        });
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private boolean update(String sql, UUID alertId, Binder binder) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      if (statement.execute()) {
        try (ResultSet row = statement.getResultSet()) {
          return row.next() && row.getLong(1) > 0;
        }
      }
      return statement.getUpdateCount() > 0;
    } catch (SQLException e) {
      throw new StoreException("updating alert " + alertId + " failed: " + e.getMessage(), e);
    }
  }

  /** Alerts neither acknowledged nor snoozed now. */
  public long countOpen() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL"
                    + " AND (snoozed_until IS NULL OR snoozed_until <= now())");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("counting open alerts failed: " + e.getMessage(), e);
    }
  }

  /** Every alert of one frame, in face order. */
  public List<RaisedAlert> forFrame(Connection connection, String frameId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT_FOR_FRAME)) {
      select.setString(1, frameId);
      return read(select);
    }
  }

  /**
   * Alerts newest first. Only the conditions the filter sets are in the statement, so that each
   * form has a plan of its own on the matching index.
   */
  public List<RaisedAlert> find(AlertFilter filter) {
    List<String> conditions = new ArrayList<>();
    List<String> values = new ArrayList<>();
    if (filter.cameraId() != null) {
      conditions.add("camera_id = ?");
      values.add(filter.cameraId());
    }
    if (filter.label() != null) {
      conditions.add("label = ?");
      values.add(filter.label().wireName());
    }
    if (filter.site() != null) {
      conditions.add("site = ?");
      values.add(filter.site());
    }
    if (filter.status() != null) {
      conditions.add(
          switch (filter.status()) {
            case "acknowledged" -> "acknowledged_at IS NOT NULL";
            case "snoozed" -> "acknowledged_at IS NULL AND snoozed_until > now()";
            default ->
                "acknowledged_at IS NULL AND (snoozed_until IS NULL OR snoozed_until <= now())";
          });
    }
    String sql =
        "SELECT * FROM alerts"
            + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
            + ORDER_AND_LIMIT;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      for (String value : values) {
        select.setString(index++, value);
      }
      select.setInt(index, filter.limit());
      return read(select);
    } catch (SQLException e) {
      throw new StoreException("listing alerts failed: " + e.getMessage(), e);
    }
  }

  private static List<RaisedAlert> read(PreparedStatement select) throws SQLException {
    List<RaisedAlert> alerts = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        alerts.add(
            new RaisedAlert(
                row.getObject("alert_id", UUID.class),
                row.getString("frame_id"),
                row.getInt("face_index"),
                row.getString("camera_id"),
                Label.fromWireName(row.getString("label")),
                row.getFloat("confidence"),
                new Box(
                    row.getInt("box_x"),
                    row.getInt("box_y"),
                    row.getInt("box_width"),
                    row.getInt("box_height")),
                Sql.getInstant(row, "raised_at"),
                row.getObject("track_id", UUID.class),
                Sql.getInstant(row, "captured_at"),
                row.getString("site"),
                new RaisedAlert.Handling(
                    Sql.getInstant(row, "acknowledged_at"),
                    row.getString("acknowledged_by"),
                    Sql.getInstant(row, "snoozed_until"))));
      }
    }
    return alerts;
  }
}
