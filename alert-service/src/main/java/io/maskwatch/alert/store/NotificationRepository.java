package io.maskwatch.alert.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.alert.domain.notify.AlertMessage;
import io.maskwatch.alert.domain.rules.ChannelSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code notifications} outbox. */
@ApplicationScoped
public class NotificationRepository {

  /** One outbox row. */
  public record Notification(
      UUID alertId,
      String channel,
      String site,
      String channelType,
      ChannelSpec spec,
      AlertMessage payload,
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant createdAt,
      Instant deliveredAt) {}

  private static final String INSERT =
      """
      INSERT INTO notifications (alert_id, channel, site, channel_type, spec, payload, status,
                                 attempts, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, 'pending', 0, ?, ?)
      ON CONFLICT (alert_id, channel) DO NOTHING
      """;

  /**
   * Takes due rows whose lease (if any) ran out, counts the attempt and leases them; rows another
   * worker holds locked are skipped, so two workers never take the same row at once.
   */
  private static final String CLAIM =
      """
      UPDATE notifications n
         SET claimed_until = ?, attempts = n.attempts + 1
       WHERE (n.alert_id, n.channel) IN (
             SELECT alert_id, channel FROM notifications
              WHERE status = 'pending' AND next_attempt_at <= ?
                AND (claimed_until IS NULL OR claimed_until <= ?)
              ORDER BY next_attempt_at
              LIMIT ?
              FOR UPDATE SKIP LOCKED)
      RETURNING n.*
      """;

  private final DataSource dataSource;
  private final ObjectMapper json;

  public NotificationRepository(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** Queues the alert for each channel, in the caller's transaction. */
  public void enqueue(
      Connection connection,
      AlertMessage alert,
      String site,
      List<ChannelSpec> channels,
      Instant now)
      throws SQLException {
    if (channels.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (ChannelSpec channel : channels) {
        insert.setObject(1, UUID.fromString(alert.alertId()));
        insert.setString(2, channel.name());
        insert.setString(3, site);
        insert.setString(4, channel.type());
        insert.setString(5, write(channel));
        insert.setString(6, write(alert));
        Sql.setInstant(insert, 7, now);
        Sql.setInstant(insert, 8, now);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Claims up to {@code limit} due rows for {@code lease}. */
  public List<Notification> claim(int limit, Duration lease, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      Sql.setInstant(claim, 1, now.plus(lease));
      Sql.setInstant(claim, 2, now);
      Sql.setInstant(claim, 3, now);
      claim.setInt(4, limit);
      return read(claim);
    } catch (SQLException e) {
      throw new StoreException("claiming notifications failed: " + e.getMessage(), e);
    }
  }

  /** Marks a claimed row delivered; false when it was not pending any more. */
  public boolean delivered(UUID alertId, String channel, Instant now) {
    return update(
        "UPDATE notifications SET status = 'delivered', delivered_at = ?, claimed_until = NULL,"
            + " last_error = NULL WHERE alert_id = ? AND channel = ? AND status = 'pending'",
        now,
        alertId,
        channel,
        null);
  }

  /** Puts a failed attempt back in the queue for {@code next}, or gives up when next is null. */
  public void failed(UUID alertId, String channel, String error, Instant next) {
    if (next == null) {
      update(
          "UPDATE notifications SET status = 'failed', claimed_until = NULL, last_error = ?"
              + " WHERE alert_id = ? AND channel = ? AND status = 'pending'",
          null,
          alertId,
          channel,
          error);
    } else {
      update(
          "UPDATE notifications SET next_attempt_at = ?, claimed_until = NULL, last_error = ?"
              + " WHERE alert_id = ? AND channel = ? AND status = 'pending'",
          next,
          alertId,
          channel,
          error);
    }
  }

  /** Newest first, optionally one alert's or one status's. */
  public List<Notification> find(UUID alertId, String status, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM notifications WHERE true");
    if (alertId != null) {
      sql.append(" AND alert_id = ?");
    }
    if (status != null) {
      sql.append(" AND status = ?");
    }
    sql.append(" ORDER BY created_at DESC, alert_id, channel LIMIT ?");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int i = 1;
      if (alertId != null) {
        select.setObject(i++, alertId);
      }
      if (status != null) {
        select.setString(i++, status);
      }
      select.setInt(i, limit);
      return read(select);
    } catch (SQLException e) {
      throw new StoreException("listing notifications failed: " + e.getMessage(), e);
    }
  }

  private boolean update(String sql, Instant time, UUID alertId, String channel, String error) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      int i = 1;
      if (time != null) {
        Sql.setInstant(update, i++, time);
      }
      if (error != null) {
        update.setString(i++, error);
      }
      update.setObject(i++, alertId);
      update.setString(i, channel);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("updating notification " + alertId + "/" + channel + ": " + e, e);
    }
  }

  private List<Notification> read(PreparedStatement select) throws SQLException {
    List<Notification> rows = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        rows.add(
            new Notification(
                row.getObject("alert_id", UUID.class),
                row.getString("channel"),
                row.getString("site"),
                row.getString("channel_type"),
                json.readValue(row.getString("spec"), ChannelSpec.class),
                json.readValue(row.getString("payload"), AlertMessage.class),
                row.getString("status"),
                row.getInt("attempts"),
                Sql.getInstant(row, "next_attempt_at"),
                row.getString("last_error"),
                Sql.getInstant(row, "created_at"),
                Sql.getInstant(row, "delivered_at")));
      }
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable outbox row: " + e.getMessage(), e);
    }
    return rows;
  }

  private String write(Object value) throws SQLException {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write " + value + " as JSON: " + e.getMessage(), e);
    }
  }
}
